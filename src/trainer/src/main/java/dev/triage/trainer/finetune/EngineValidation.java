package dev.triage.trainer.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import dev.triage.trainer.evaluation.Metrics;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The validation pass at each epoch's end, through the training engine (no export needed): batches
 * of texts sorted by length, at most {@value #BATCH} and within the {@link ActivationBudget}, dropout
 * off. It picks the best epoch; the reported figures are measured again on the exported bundle.
 */
final class EngineValidation {

    private static final int BATCH = 128;

    /** Validation metrics and mean loss. */
    record Result(Metrics metrics, double loss) {
    }

    private EngineValidation() {
    }

    static Result run(SequenceClassifier model, TokenizedSet data, List<String> labels) {
        int[] lengths = data.lengths();
        int[] order = IntStream.range(0, data.size()).boxed().sorted(Comparator.comparingInt(i -> lengths[i]))
                .mapToInt(Integer::intValue).toArray();
        int[] predicted = new int[data.size()];
        int[] gold = new int[data.size()];
        double lossSum = 0;
        for (int start = 0; start < order.length; ) {
            int end = Math.min(order.length, start + BATCH);
            // sorted by length: the last text of a batch is its longest
            while (end - start > ActivationBudget.inferenceRows(model.config(), lengths[order[end - 1]])) {
                end--;
            }
            int[] indices = Arrays.copyOfRange(order, start, end);
            start = end;
            int[] batchLabels = data.labels(indices);
            try (NDScope ignored = new NDScope()) {
                NDArray logits = model.logits(data.batch(indices), false);
                lossSum += SequenceClassifier.crossEntropy(logits, batchLabels).getFloat() * indices.length;
                long[] argmax = logits.argMax(1).toLongArray();
                for (int k = 0; k < indices.length; k++) {
                    predicted[indices[k]] = (int) argmax[k];
                    gold[indices[k]] = batchLabels[k];
                }
            }
        }
        return new Result(Metrics.of(labels, gold, predicted), lossSum / data.size());
    }
}
