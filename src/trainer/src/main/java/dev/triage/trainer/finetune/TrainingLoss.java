package dev.triage.trainer.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.triage.trainer.encoder.OwnedArrays;
import dev.triage.trainer.recipe.DistillationSpec;
import dev.triage.trainer.recipe.Recipe;

/**
 * The loss a training step minimises: the mean cross-entropy against the gold labels, or, for a
 * recipe with {@code "distillation"}, that blended with the teacher's soft targets as
 * {@link DistillationSpec} defines. The soft term is the KL divergence rather than the cross-entropy
 * with the teacher's distribution: the gradients are the same, and the logged loss then reads 0 where
 * the student matches the teacher instead of the teacher's entropy. Every constant is a
 * PyTorch-owned scalar ({@link OwnedArrays}), as autograd keeps them for backward.
 */
final class TrainingLoss {

    static final TrainingLoss CROSS_ENTROPY = new TrainingLoss(null);

    private final DistillationSpec distillation;

    private TrainingLoss(DistillationSpec distillation) {
        this.distillation = distillation;
    }

    static TrainingLoss of(Recipe recipe) {
        return new TrainingLoss(recipe.distillation());
    }

    static TrainingLoss distilling(DistillationSpec spec) {
        return new TrainingLoss(spec);
    }

    /**
     * The batch's mean loss.
     *
     * @param softTargets the teacher's logits for each row; ignored (and may be null) without distillation
     */
    NDArray of(NDArray logits, int[] labels, float[][] softTargets) {
        NDArray hard = SequenceClassifier.crossEntropy(logits, labels);
        if (distillation == null) {
            return hard;
        }
        if (softTargets == null || softTargets.length != labels.length) {
            throw new IllegalStateException("distillation needs the teacher's logits for every row of the batch");
        }
        NDManager manager = logits.getManager();
        int classes = (int) logits.getShape().get(1);
        float[] flat = new float[softTargets.length * classes];
        for (int i = 0; i < softTargets.length; i++) {
            System.arraycopy(softTargets[i], 0, flat, i * classes, classes);
        }
        float temperature = (float) distillation.temperature();
        NDArray inverseTemperature = OwnedArrays.scalar(manager, 1f / temperature);
        NDArray teacher = OwnedArrays.of(manager, flat, new Shape(softTargets.length, classes)).mul(inverseTemperature);
        NDArray teacherLogProbabilities = teacher.logSoftmax(1);
        NDArray studentLogProbabilities = logits.mul(inverseTemperature).logSoftmax(1);
        NDArray divergence = teacherLogProbabilities.exp().mul(teacherLogProbabilities.sub(studentLogProbabilities))
                .sum(new int[] {1}).mean();
        float alpha = (float) distillation.alpha();
        return hard.mul(OwnedArrays.scalar(manager, alpha))
                .add(divergence.mul(OwnedArrays.scalar(manager, (1 - alpha) * temperature * temperature)));
    }
}
