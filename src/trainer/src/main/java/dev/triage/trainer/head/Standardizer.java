package dev.triage.trainer.head;

/**
 * Per-feature mean and standard deviation of the training features. The head is fitted on
 * standardised features (so one learning rate suits every feature) and folded back into plain
 * weights for export ({@link SoftmaxRegression.Fitted#forRawFeatures()}): serving needs no scaler.
 */
public record Standardizer(float[] mean, float[] scale) {

    /** Features that barely vary get this scale rather than a division by (almost) zero. */
    private static final double MIN_SCALE = 1e-6;

    public static Standardizer fit(float[][] features) {
        int columns = features[0].length;
        double[] sum = new double[columns];
        double[] sumSquares = new double[columns];
        for (float[] row : features) {
            for (int j = 0; j < columns; j++) {
                sum[j] += row[j];
                sumSquares[j] += (double) row[j] * row[j];
            }
        }
        float[] mean = new float[columns];
        float[] scale = new float[columns];
        int n = features.length;
        for (int j = 0; j < columns; j++) {
            double m = sum[j] / n;
            double variance = Math.max(0, sumSquares[j] / n - m * m);
            mean[j] = (float) m;
            scale[j] = (float) Math.max(Math.sqrt(variance), MIN_SCALE);
        }
        return new Standardizer(mean, scale);
    }

    public float[][] apply(float[][] features) {
        float[][] out = new float[features.length][];
        for (int i = 0; i < features.length; i++) {
            out[i] = new float[features[i].length];
            for (int j = 0; j < features[i].length; j++) {
                out[i][j] = (features[i][j] - mean[j]) / scale[j];
            }
        }
        return out;
    }
}
