package dev.triage.core.tokens;

/**
 * A batch of token sequences padded to the longest one, flattened row-major as ONNX Runtime and
 * PyTorch take them: element {@code [row, position]} is at {@code row * sequenceLength() + position}.
 * Padding positions have id 0 (the pad id of BERT-family vocabularies), mask 0 and type 0.
 *
 * @param size            number of sequences
 * @param sequenceLength  length of the longest sequence; every row is padded to it
 * @param inputIds        token ids, {@code size * sequenceLength}
 * @param attentionMask   1 for real tokens, 0 for padding
 * @param tokenTypeIds    segment ids (all 0 for single texts)
 * @param lengths         real (unpadded) length of each row
 * @param truncated       whether each text was cut to fit the maximum length
 */
public record TokenBatch(int size, int sequenceLength, long[] inputIds, long[] attentionMask,
                         long[] tokenTypeIds, int[] lengths, boolean[] truncated) {

    public TokenBatch {
        int cells = size * sequenceLength;
        if (inputIds.length != cells || attentionMask.length != cells || tokenTypeIds.length != cells
                || lengths.length != size || truncated.length != size) {
            throw new IllegalArgumentException("token arrays do not match a batch of " + size + " x " + sequenceLength);
        }
    }

    /** The shape ONNX Runtime wants: {@code [size, sequenceLength]}. */
    public long[] shape() {
        return new long[] {size, sequenceLength};
    }

    /** Total real tokens in the batch, a measure of the work it costs. */
    public long realTokens() {
        long total = 0;
        for (int length : lengths) {
            total += length;
        }
        return total;
    }

    /** Pads unpadded rows (each its ids, mask and types) into one batch. */
    public static TokenBatch pad(long[][] ids, long[][] types, boolean[] truncated) {
        int size = ids.length;
        int longest = 0;
        for (long[] row : ids) {
            longest = Math.max(longest, row.length);
        }
        long[] flatIds = new long[size * longest];
        long[] mask = new long[size * longest];
        long[] flatTypes = new long[size * longest];
        int[] lengths = new int[size];
        for (int row = 0; row < size; row++) {
            int offset = row * longest;
            System.arraycopy(ids[row], 0, flatIds, offset, ids[row].length);
            System.arraycopy(types[row], 0, flatTypes, offset, types[row].length);
            java.util.Arrays.fill(mask, offset, offset + ids[row].length, 1L);
            lengths[row] = ids[row].length;
        }
        return new TokenBatch(size, longest, flatIds, mask, flatTypes, lengths, truncated.clone());
    }
}
