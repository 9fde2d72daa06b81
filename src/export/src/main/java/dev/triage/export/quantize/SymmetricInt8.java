package dev.triage.export.quantize;

/**
 * Symmetric int8 quantization of a float matrix: {@code q = round(w / scale)} in [-127, 127], zero
 * point 0, {@code scale = max|w| / 127} over the values that share it. -128 is never used, so the
 * range is the same on both sides of zero and no zero-point correction is needed at run time.
 */
final class SymmetricInt8 {

    static final int LIMIT = 127;

    /** int8 values (row-major, as the matrix) and their scales. */
    record Quantized(byte[] values, float[] scales) {

        /** The value a quantized entry stands for, to measure the rounding error. */
        float dequantized(int index, int scaleIndex) {
            return values[index] * scales[scaleIndex];
        }
    }

    private SymmetricInt8() {
    }

    /** One scale per column of a {@code [rows, columns]} matrix: per output channel of {@code x · W}. */
    static Quantized perColumn(float[] matrix, int rows, int columns, String name) {
        float[] maxAbs = new float[columns];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                maxAbs[c] = Math.max(maxAbs[c], magnitude(matrix[r * columns + c], name));
            }
        }
        float[] scales = scales(maxAbs);
        byte[] values = new byte[matrix.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                values[r * columns + c] = quantize(matrix[r * columns + c], scales[c]);
            }
        }
        return new Quantized(values, scales);
    }

    /** One scale per row of a {@code [rows, columns]} matrix: per token of an embedding table. */
    static Quantized perRow(float[] matrix, int rows, int columns, String name) {
        float[] maxAbs = new float[rows];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                maxAbs[r] = Math.max(maxAbs[r], magnitude(matrix[r * columns + c], name));
            }
        }
        float[] scales = scales(maxAbs);
        byte[] values = new byte[matrix.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                values[r * columns + c] = quantize(matrix[r * columns + c], scales[r]);
            }
        }
        return new Quantized(values, scales);
    }

    /** One scale for the whole tensor. */
    static Quantized perTensor(float[] matrix, String name) {
        float maxAbs = 0;
        for (float value : matrix) {
            maxAbs = Math.max(maxAbs, magnitude(value, name));
        }
        float[] scales = scales(new float[] {maxAbs});
        byte[] values = new byte[matrix.length];
        for (int i = 0; i < matrix.length; i++) {
            values[i] = quantize(matrix[i], scales[0]);
        }
        return new Quantized(values, scales);
    }

    private static float magnitude(float value, String name) {
        if (!Float.isFinite(value)) {
            throw new IllegalArgumentException("weight '" + name + "' holds " + value + ": a model with non-finite weights "
                    + "cannot be quantized (nor served)");
        }
        return Math.abs(value);
    }

    private static float[] scales(float[] maxAbs) {
        float[] scales = new float[maxAbs.length];
        for (int i = 0; i < maxAbs.length; i++) {
            // An all-zero channel gets scale 1: its values quantize to 0 either way, and no scale is 0.
            scales[i] = maxAbs[i] > 0 ? maxAbs[i] / LIMIT : 1f;
        }
        return scales;
    }

    private static byte quantize(float value, float scale) {
        long q = Math.round(value / scale);
        return (byte) Math.max(-LIMIT, Math.min(LIMIT, q));
    }
}
