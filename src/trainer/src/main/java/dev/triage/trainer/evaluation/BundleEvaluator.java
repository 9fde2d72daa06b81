package dev.triage.trainer.evaluation;

import dev.triage.core.TextClassifier;
import dev.triage.core.bundle.ProblemType;
import dev.triage.trainer.data.Dataset;
import dev.triage.trainer.progress.ProgressBar;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Evaluates a bundle through ONNX Runtime, exactly as it will serve: the same tokenizer, graph and
 * softmax. Texts go in batches of similar length so that little time is spent on padding.
 */
public final class BundleEvaluator {

    private static final int BATCH_SIZE = 64;

    private BundleEvaluator() {
    }

    /** {@code data} must be indexed by the bundle's labels ({@code Dataset.of(examples, bundle.labels())}). */
    public static Evaluation evaluate(TextClassifier classifier, Dataset data, ProgressBar progress) {
        if (classifier.bundle().config().problemType() != ProblemType.SINGLE_LABEL) {
            throw new IllegalArgumentException("evaluation supports single-label bundles; "
                    + classifier.bundle().id() + " is " + classifier.bundle().config().problemType().configValue());
        }
        if (!data.labels().equals(classifier.labels())) {
            throw new IllegalArgumentException("data labels " + data.labels() + " are not the bundle's " + classifier.labels());
        }
        List<String> texts = data.texts();
        int[] gold = data.labelIds();
        float[][] logits = logits(classifier, texts, progress);
        ScoredExample[] scored = new ScoredExample[texts.size()];
        for (int i = 0; i < texts.size(); i++) {
            float[] probabilities = ProblemType.SINGLE_LABEL.scores(logits[i]);
            int predicted = argmax(probabilities);
            double loss = -Math.log(Math.max(probabilities[gold[i]], 1e-12f));
            scored[i] = new ScoredExample(data.examples().get(i), gold[i], predicted, probabilities[predicted], loss);
        }
        int[] predicted = new int[scored.length];
        for (int i = 0; i < scored.length; i++) {
            predicted[i] = scored[i].predicted();
        }
        return new Evaluation(Metrics.of(data.labels(), gold, predicted), List.of(scored));
    }

    /**
     * The bundle's logits for every text, in the order given; computed in batches of similar length
     * so that little time goes to padding.
     *
     * @param progress advanced by each batch; null: none
     */
    public static float[][] logits(TextClassifier classifier, List<String> texts, ProgressBar progress) {
        List<Integer> order = IntStream.range(0, texts.size()).boxed()
                .sorted(Comparator.comparingInt(i -> texts.get(i).length())).toList();
        float[][] logits = new float[texts.size()][];
        for (int start = 0; start < order.size(); start += BATCH_SIZE) {
            List<Integer> indices = order.subList(start, Math.min(order.size(), start + BATCH_SIZE));
            List<String> batch = new ArrayList<>(indices.size());
            indices.forEach(i -> batch.add(texts.get(i)));
            float[][] batchLogits = classifier.logits(batch);
            for (int k = 0; k < indices.size(); k++) {
                logits[indices.get(k)] = batchLogits[k];
            }
            if (progress != null) {
                progress.advance(indices.size(), "");
            }
        }
        return logits;
    }

    static int argmax(float[] values) {
        int best = 0;
        for (int i = 1; i < values.length; i++) {
            if (values[i] > values[best]) {
                best = i;
            }
        }
        return best;
    }
}
