package dev.triage.trainer.recipe;

import java.nio.file.Path;

/**
 * A recipe's {@code "distillation"}: train the student on a teacher's soft targets as well as on the
 * gold labels, chapter 8 of the book (Hinton et al.'s knowledge distillation). The loss is
 * {@code alpha · cross-entropy(gold) + (1 − alpha) · T² · KL(softmax(teacher / T) ‖ softmax(student / T))};
 * the T² keeps the soft term's gradients on the scale of the hard one's as T grows.
 *
 * @param softTargets the teacher's logits for every training text, written by {@code triage soft-targets}
 *                    (relative to the recipe's folder)
 * @param alpha       weight of the gold labels' cross-entropy; 1 is plain fine-tuning
 * @param temperature softens both distributions, so that the teacher's ranking of the wrong labels counts
 */
public record DistillationSpec(Path softTargets, double alpha, double temperature) {
}
