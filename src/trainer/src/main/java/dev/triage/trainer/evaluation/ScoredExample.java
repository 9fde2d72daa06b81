package dev.triage.trainer.evaluation;

import dev.triage.trainer.data.LabelledText;

/**
 * One evaluated example.
 *
 * @param example       the text, gold label and source
 * @param gold          gold label index
 * @param predicted     predicted label index
 * @param predictedScore probability of the predicted label
 * @param loss          cross-entropy, −ln p(gold): the book's error analysis sorts by it
 */
public record ScoredExample(LabelledText example, int gold, int predicted, float predictedScore, double loss) {
}
