package dev.triage.trainer.finetune;

import dev.triage.export.transformer.TransformerConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How many texts of a given padded length one pass through the encoder may hold, so that its
 * activations stay within a fixed amount of memory whatever the recipe's batch size and sequence
 * length. A training pass keeps, per layer and text, three {@code [heads, length, length]} attention
 * tensors (softmax output, dropout noise, dropout output) and about twenty {@code [length, hidden]}
 * ones for backward; a 32-text batch of 256-token e-mails through MiniLM keeps about 3.3 GB, which
 * is why a batch above the budget is split into micro-batches whose gradients add up to the
 * batch's (see {@link OptimizationStep}). An inference pass keeps one layer's at a time.
 */
final class ActivationBudget {

    /**
     * What the activations a backward pass needs may take. The estimate below is what autograd keeps
     * at least; resident memory grows by about twice the budget within a step. At 1 GiB the spam
     * recipe's 40 first steps peaked at 3.9 GB and a full run at 5.6 GB; at 512 MiB the same 40
     * steps peaked at 2.4 GB (benchmark-training, docs/training.md).
     */
    static final long TRAINING_BYTES = 512L << 20;
    /** Overrides {@link #TRAINING_BYTES}, for measuring other budgets (docs/training.md). */
    static final String TRAINING_BYTES_PROPERTY = "triage.training.activationBytes";
    /** What one layer's activations may take in a pass without gradients. */
    static final long INFERENCE_BYTES = 256L << 20;

    private ActivationBudget() {
    }

    /** The training budget this process runs with: {@link #TRAINING_BYTES} unless overridden. */
    static long trainingBytes() {
        return Long.getLong(TRAINING_BYTES_PROPERTY, TRAINING_BYTES);
    }

    /** Most texts of {@code length} tokens per training pass whose activations fit {@code budgetBytes} (at least 1). */
    static int trainingRows(TransformerConfig config, int length, long budgetBytes) {
        long perText = (long) config.layers() * (3L * config.heads() * length * length + 20L * length * config.hiddenSize()) * Float.BYTES;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, budgetBytes / perText));
    }

    /** Most texts of {@code length} tokens per pass without gradients (at least 1). */
    static int inferenceRows(TransformerConfig config, int length) {
        long perText = (3L * config.heads() * length * length + 10L * length * config.hiddenSize()) * Float.BYTES;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, INFERENCE_BYTES / perText));
    }

    /** {@code indices} in order, cut into the fewest parts of at most {@code maxRows}, as equal in size as can be. */
    static List<int[]> split(int[] indices, int maxRows) {
        int parts = indices.length == 0 ? 0 : (indices.length - 1) / maxRows + 1;
        List<int[]> split = new ArrayList<>(parts);
        int start = 0;
        for (int part = 0; part < parts; part++) {
            int size = (indices.length - start) / (parts - part);
            split.add(Arrays.copyOfRange(indices, start, start + size));
            start += size;
        }
        return split;
    }
}
