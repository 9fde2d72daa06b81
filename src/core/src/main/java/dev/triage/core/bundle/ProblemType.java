package dev.triage.core.bundle;

/**
 * How logits become scores, as Hugging Face's {@code problem_type} says: one label per text
 * (softmax over labels) or any number of labels per text (an independent sigmoid for each).
 */
public enum ProblemType {
    SINGLE_LABEL("single_label_classification"),
    MULTI_LABEL("multi_label_classification");

    private final String configValue;

    ProblemType(String configValue) {
        this.configValue = configValue;
    }

    /** The value Hugging Face writes in {@code config.json}. */
    public String configValue() {
        return configValue;
    }

    /** Turns one row of logits into scores. */
    public float[] scores(float[] logits) {
        float[] scores = new float[logits.length];
        if (this == MULTI_LABEL) {
            for (int i = 0; i < logits.length; i++) {
                scores[i] = (float) (1.0 / (1.0 + Math.exp(-logits[i])));
            }
            return scores;
        }
        // Softmax in double, shifted by the maximum so that large logits cannot overflow.
        double max = Double.NEGATIVE_INFINITY;
        for (float logit : logits) {
            max = Math.max(max, logit);
        }
        double sum = 0;
        double[] exp = new double[logits.length];
        for (int i = 0; i < logits.length; i++) {
            exp[i] = Math.exp(logits[i] - max);
            sum += exp[i];
        }
        for (int i = 0; i < logits.length; i++) {
            scores[i] = (float) (exp[i] / sum);
        }
        return scores;
    }

    /** Parses a {@code problem_type} value; null when the value is not one of ours. */
    public static ProblemType fromConfigValue(String value) {
        for (ProblemType type : values()) {
            if (type.configValue.equals(value)) {
                return type;
            }
        }
        return null;
    }
}
