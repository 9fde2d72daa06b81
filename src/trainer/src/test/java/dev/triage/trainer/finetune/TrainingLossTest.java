package dev.triage.trainer.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.triage.trainer.encoder.OwnedArrays;
import dev.triage.trainer.recipe.DistillationSpec;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The distillation loss, checked against the formula computed in plain Java: its value, and its
 * gradient with respect to the student's logits, which for the soft term is
 * {@code (1 − alpha) · T · (softmax(student / T) − softmax(teacher / T)) / batch}; a wrong power of
 * T, or a teacher term that leaks gradient, shows here.
 */
class TrainingLossTest {

    private static final int ROWS = 5;
    private static final int CLASSES = 3;
    private static final int[] LABELS = {0, 2, 1, 1, 0};

    @Test
    void valueAndGradientAreTheFormulas() {
        float alpha = 0.3f;
        float temperature = 4f;
        float[][] student = random(1);
        float[][] teacher = random(2);
        TrainingLoss loss = TrainingLoss.distilling(new DistillationSpec(Path.of("unused"), alpha, temperature));

        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray logits = OwnedArrays.of(manager, flat(student), new Shape(ROWS, CLASSES));
            logits.setRequiresGradient(true);
            float value;
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray result = loss.of(logits, LABELS, teacher);
                value = result.getFloat();
                collector.backward(result);
            }
            float[] gradient = logits.getGradient().toFloatArray();

            double expected = 0;
            for (int i = 0; i < ROWS; i++) {
                double[] hard = softmax(student[i], 1);
                double[] q = softmax(student[i], temperature);
                double[] p = softmax(teacher[i], temperature);
                double kl = 0;
                for (int k = 0; k < CLASSES; k++) {
                    kl += p[k] * Math.log(p[k] / q[k]);
                    double expectedGradient = (alpha * (hard[k] - (k == LABELS[i] ? 1 : 0))
                            + (1 - alpha) * temperature * (q[k] - p[k])) / ROWS;
                    assertThat(gradient[i * CLASSES + k]).as("gradient [%d, %d]", i, k).isCloseTo((float) expectedGradient,
                            within(1e-6f));
                }
                expected += (alpha * -Math.log(hard[LABELS[i]]) + (1 - alpha) * temperature * temperature * kl) / ROWS;
            }
            assertThat((double) value).isCloseTo(expected, within(1e-5));
        }
    }

    @Test
    void alphaOneIsPlainCrossEntropyAndATeacherMatchedLeavesOnlyTheHardTerm() {
        float[][] student = random(3);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            NDArray logits = OwnedArrays.of(manager, flat(student), new Shape(ROWS, CLASSES));
            float plain = TrainingLoss.CROSS_ENTROPY.of(logits, LABELS, null).getFloat();
            float alphaOne = TrainingLoss.distilling(new DistillationSpec(Path.of("unused"), 1.0, 2.0))
                    .of(logits, LABELS, random(4)).getFloat();
            float matched = TrainingLoss.distilling(new DistillationSpec(Path.of("unused"), 0.25, 3.0))
                    .of(logits, LABELS, student).getFloat();
            assertThat(alphaOne).isCloseTo(plain, within(1e-6f));
            assertThat(matched).isCloseTo(0.25f * plain, within(1e-6f));
        }
    }

    private static float[][] random(long seed) {
        Random random = new Random(seed);
        float[][] rows = new float[ROWS][CLASSES];
        for (float[] row : rows) {
            for (int k = 0; k < CLASSES; k++) {
                row[k] = (float) (4 * random.nextGaussian());
            }
        }
        return rows;
    }

    private static float[] flat(float[][] rows) {
        float[] flat = new float[ROWS * CLASSES];
        for (int i = 0; i < ROWS; i++) {
            System.arraycopy(rows[i], 0, flat, i * CLASSES, CLASSES);
        }
        return flat;
    }

    private static double[] softmax(float[] logits, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (float logit : logits) {
            max = Math.max(max, logit / temperature);
        }
        double sum = 0;
        double[] out = new double[logits.length];
        for (int k = 0; k < logits.length; k++) {
            out[k] = Math.exp(logits[k] / temperature - max);
            sum += out[k];
        }
        for (int k = 0; k < logits.length; k++) {
            out[k] /= sum;
        }
        return out;
    }
}
