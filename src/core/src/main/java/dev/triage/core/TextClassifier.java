package dev.triage.core;

import dev.triage.core.bundle.ModelBundle;
import dev.triage.core.labels.LabelRanker;
import dev.triage.core.labels.Prediction;
import dev.triage.core.logits.InferenceSettings;
import dev.triage.core.logits.LogitsSession;
import dev.triage.core.tokens.TextTokenizer;
import dev.triage.core.tokens.TokenBatch;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole path for one bundle: text -> tokens ({@link TextTokenizer}) -> logits
 * ({@link LogitsSession}) -> labels ({@link LabelRanker}). A batch goes through as one padded
 * tensor and one session run; a single text is a batch of one.
 *
 * <p>Thread-safe; open one per bundle and share it. Close it to free the native session.
 */
public final class TextClassifier implements AutoCloseable {

    private final ModelBundle bundle;
    private final TextTokenizer tokenizer;
    private final LogitsSession session;
    private final LabelRanker ranker;

    private TextClassifier(ModelBundle bundle, TextTokenizer tokenizer, LogitsSession session) {
        this.bundle = bundle;
        this.tokenizer = tokenizer;
        this.session = session;
        this.ranker = new LabelRanker(bundle.labels(), bundle.config().problemType());
    }

    /** Opens a loaded bundle; the graph is checked against its config as the session opens. */
    public static TextClassifier open(ModelBundle bundle, InferenceSettings settings) {
        TextTokenizer tokenizer = TextTokenizer.open(bundle.tokenizerFile(), bundle.maxSequenceLength());
        try {
            return new TextClassifier(bundle, tokenizer, LogitsSession.open(bundle, settings));
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    /** A classifier of parts opened one by one (to time each); closing it closes them. */
    public static TextClassifier of(ModelBundle bundle, TextTokenizer tokenizer, LogitsSession session) {
        return new TextClassifier(bundle, tokenizer, session);
    }

    public Prediction classify(String text, int topK) {
        return classifyAll(List.of(text), topK).get(0);
    }

    /** Classifies a batch in one session run; results are in the order of the texts. */
    public List<Prediction> classifyAll(List<String> texts, int topK) {
        if (topK < 1) {
            throw new IllegalArgumentException("topK must be at least 1, was " + topK);
        }
        TokenBatch batch = tokenizer.encode(texts);
        float[][] logits = session.run(batch);
        List<Prediction> predictions = new ArrayList<>(texts.size());
        for (int i = 0; i < logits.length; i++) {
            predictions.add(ranker.rank(logits[i], topK, batch.truncated()[i]));
        }
        return predictions;
    }

    /** Raw logits of a batch, for evaluation and parity checks. */
    public float[][] logits(List<String> texts) {
        return session.run(tokenizer.encode(texts));
    }

    /** The tokens a text becomes, as the model sees them. */
    public TokenBatch tokenize(List<String> texts) {
        return tokenizer.encode(texts);
    }

    public ModelBundle bundle() {
        return bundle;
    }

    public List<String> labels() {
        return ranker.labels();
    }

    @Override
    public void close() {
        session.close();
        tokenizer.close();
    }
}
