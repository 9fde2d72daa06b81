package dev.triage.core.labels;

import java.util.List;

/**
 * What the classifier says of one text.
 *
 * @param label     the best label
 * @param score     its score
 * @param scores    the top-k labels, best first
 * @param truncated whether the text was longer than the model's maximum sequence and was cut
 */
public record Prediction(String label, float score, List<LabelScore> scores, boolean truncated) {

    public Prediction {
        scores = List.copyOf(scores);
    }
}
