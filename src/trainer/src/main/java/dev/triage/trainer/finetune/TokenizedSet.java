package dev.triage.trainer.finetune;

import dev.triage.core.tokens.TextTokenizer;
import dev.triage.core.tokens.TokenBatch;
import dev.triage.trainer.data.Dataset;
import java.util.List;

/**
 * A data set tokenized once, up front: each text's ids, types and length, so that batches of any
 * composition are padded without tokenizing again; with a teacher's logits per text when the run
 * distils.
 */
final class TokenizedSet {

    private final long[][] ids;
    private final long[][] types;
    private final boolean[] truncated;
    private final int[] lengths;
    private final int[] labels;
    private final float[][] softTargets;

    private TokenizedSet(long[][] ids, long[][] types, boolean[] truncated, int[] labels, float[][] softTargets) {
        this.softTargets = softTargets;
        this.ids = ids;
        this.types = types;
        this.truncated = truncated;
        this.labels = labels;
        this.lengths = new int[ids.length];
        for (int i = 0; i < ids.length; i++) {
            lengths[i] = ids[i].length;
        }
    }

    static TokenizedSet of(Dataset data, TextTokenizer tokenizer, int vocabSize) {
        int n = data.size();
        long[][] ids = new long[n][];
        long[][] types = new long[n][];
        boolean[] truncated = new boolean[n];
        List<String> texts = data.texts();
        for (int i = 0; i < n; i++) {
            TokenBatch one = tokenizer.encode(List.of(texts.get(i)));
            ids[i] = one.inputIds();
            types[i] = one.tokenTypeIds();
            truncated[i] = one.truncated()[0];
            for (long id : ids[i]) {
                if (id >= vocabSize) {
                    throw new IllegalArgumentException("the tokenizer gives token id " + id + " but the encoder's vocabulary has "
                            + vocabSize + " entries: tokenizer.json does not belong to this encoder");
                }
            }
        }
        return new TokenizedSet(ids, types, truncated, data.labelIds(), null);
    }

    /** The same set with a teacher's logits for each example, in the set's order. */
    TokenizedSet withSoftTargets(float[][] teacherLogits) {
        if (teacherLogits.length != ids.length) {
            throw new IllegalArgumentException(teacherLogits.length + " soft targets for " + ids.length + " examples");
        }
        return new TokenizedSet(ids, types, truncated, labels, teacherLogits);
    }

    /** The teacher's logits of these examples; null when the set has none. */
    float[][] softTargets(int[] indices) {
        if (softTargets == null) {
            return null;
        }
        float[][] out = new float[indices.length][];
        for (int k = 0; k < indices.length; k++) {
            out[k] = softTargets[indices[k]];
        }
        return out;
    }

    TokenBatch batch(int[] indices) {
        long[][] batchIds = new long[indices.length][];
        long[][] batchTypes = new long[indices.length][];
        boolean[] batchTruncated = new boolean[indices.length];
        for (int k = 0; k < indices.length; k++) {
            batchIds[k] = ids[indices[k]];
            batchTypes[k] = types[indices[k]];
            batchTruncated[k] = truncated[indices[k]];
        }
        return TokenBatch.pad(batchIds, batchTypes, batchTruncated);
    }

    /** The length a batch of these examples is padded to: its longest. */
    int paddedLength(int[] indices) {
        int longest = 0;
        for (int index : indices) {
            longest = Math.max(longest, lengths[index]);
        }
        return longest;
    }

    int[] labels(int[] indices) {
        int[] out = new int[indices.length];
        for (int k = 0; k < indices.length; k++) {
            out[k] = labels[indices[k]];
        }
        return out;
    }

    int[] lengths() {
        return lengths;
    }

    int size() {
        return ids.length;
    }
}
