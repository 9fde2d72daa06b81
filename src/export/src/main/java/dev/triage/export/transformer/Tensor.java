package dev.triage.export.transformer;

import java.util.Arrays;

/** A named float32 array with its shape, the unit of checkpoints and weight files. */
public record Tensor(long[] shape, float[] data) {

    public Tensor {
        long size = 1;
        for (long d : shape) {
            size *= d;
        }
        if (size != data.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + size + " values, not " + data.length);
        }
    }

    /** The transpose of a matrix. */
    public Tensor transposed() {
        if (shape.length != 2) {
            throw new IllegalArgumentException("only matrices transpose, shape is " + Arrays.toString(shape));
        }
        int rows = (int) shape[0];
        int columns = (int) shape[1];
        float[] out = new float[data.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                out[c * rows + r] = data[r * columns + c];
            }
        }
        return new Tensor(new long[] {columns, rows}, out);
    }
}
