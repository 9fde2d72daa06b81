package dev.triage.export;

/**
 * A linear classification head: {@code logits = pooled · weightᵀ + bias}.
 *
 * @param weight {@code [labels][hidden]}, as PyTorch's {@code nn.Linear} stores it
 * @param bias   {@code [labels]}
 */
public record LinearHead(float[][] weight, float[] bias) {

    public LinearHead {
        if (weight.length == 0 || weight.length != bias.length) {
            throw new IllegalArgumentException("head has " + weight.length + " weight rows and " + bias.length + " biases");
        }
        for (float[] row : weight) {
            if (row.length != weight[0].length) {
                throw new IllegalArgumentException("head weight rows differ in length");
            }
        }
    }

    public int labels() {
        return weight.length;
    }

    public int hiddenSize() {
        return weight[0].length;
    }

    /** The weights flattened row-major, {@code [labels, hidden]}. */
    public float[] flatWeight() {
        float[] flat = new float[labels() * hiddenSize()];
        for (int i = 0; i < labels(); i++) {
            System.arraycopy(weight[i], 0, flat, i * hiddenSize(), hiddenSize());
        }
        return flat;
    }

    /** Logits of one pooled vector, in double for reference computations. */
    public double[] apply(float[] pooled) {
        double[] logits = new double[labels()];
        for (int i = 0; i < labels(); i++) {
            double sum = bias[i];
            for (int j = 0; j < pooled.length; j++) {
                sum += (double) weight[i][j] * pooled[j];
            }
            logits[i] = sum;
        }
        return logits;
    }
}
