package dev.triage.core.tokens;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.djl.huggingface.tokenizers.jni.LibUtils;
import dev.triage.core.bundle.BundleFiles;
import dev.triage.core.bundle.InvalidBundleException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Text to tokens with a Hugging Face fast tokenizer (DJL's binding of the Rust library): special
 * tokens added, each text cut to the bundle's maximum length, the batch padded to its longest text.
 *
 * <p>Training and serving both tokenize through this class, so they cannot disagree on
 * truncation or padding. The padding and truncation written in tokenizer.json are overridden on
 * purpose: a file exported for fixed 128-token padding would otherwise make every batch 128 long.
 *
 * <p>Thread-safe: the native tokenizer is only read after construction.
 */
public final class TextTokenizer implements AutoCloseable {

    private final HuggingFaceTokenizer tokenizer;
    private final int maxLength;

    private TextTokenizer(HuggingFaceTokenizer tokenizer, int maxLength) {
        this.tokenizer = tokenizer;
        this.maxLength = maxLength;
    }

    /**
     * Opens a tokenizer.json. {@code bundle} names the bundle in errors (may be the file's folder).
     */
    public static TextTokenizer open(Path tokenizerJson, int maxLength) {
        if (maxLength < 2) {
            throw new IllegalArgumentException("maxLength must leave room for [CLS] and [SEP]: " + maxLength);
        }
        DjlDefaults.apply(); // before DJL's first look at its environment
        try {
            HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.builder()
                    .optTokenizerPath(tokenizerJson)
                    .optAddSpecialTokens(true)
                    .optTruncation(true)
                    .optPadding(false)
                    .optMaxLength(maxLength)
                    .build();
            return new TextTokenizer(tokenizer, maxLength);
        } catch (IOException | RuntimeException e) {
            throw new InvalidBundleException(tokenizerJson.getParent(), BundleFiles.TOKENIZER, null,
                    "the Hugging Face tokenizer cannot load it: " + e.getMessage(), e);
        }
    }

    /**
     * Unpacks (into DJL's cache folder) and loads the tokenizer's native library, as the first
     * tokenizer would; once per process.
     */
    public static void loadNativeLibrary() {
        DjlDefaults.apply();
        LibUtils.checkStatus();
    }

    /** Tokenizes texts into one padded batch. */
    public TokenBatch encode(List<String> texts) {
        int size = texts.size();
        long[][] ids = new long[size][];
        long[][] types = new long[size][];
        boolean[] truncated = new boolean[size];
        for (int i = 0; i < size; i++) {
            String text = texts.get(i);
            if (text == null) {
                throw new IllegalArgumentException("text " + i + " of the batch is null");
            }
            Encoding encoding = tokenizer.encode(text);
            ids[i] = encoding.getIds();
            types[i] = encoding.getTypeIds();
            truncated[i] = encoding.exceedMaxLength();
        }
        return TokenBatch.pad(ids, types, truncated);
    }

    /** The word pieces of one text, for display and debugging. */
    public List<String> tokens(String text) {
        return List.of(tokenizer.encode(text).getTokens());
    }

    public int maxLength() {
        return maxLength;
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
