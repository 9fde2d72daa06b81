package dev.triage.trainer.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.triage.export.transformer.TransformerConfig;
import dev.triage.trainer.recipe.DistillationSpec;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A batch too large for the activation budget goes through in micro-batches whose gradients add up
 * to the whole batch's: with dropout off (so both draw nothing at random), the gradients of one
 * pass over 16 texts and of 16 passes of one text each agree to float rounding, and so do the
 * losses; with a teacher's soft targets too, which must follow their texts into each micro-batch.
 */
class MicroBatchTest {

    @TempDir
    Path dir;

    @Test
    void microBatchesAddUpToTheBatchsGradient() throws Exception {
        FineTuneSetup setup = FineTuneFixtures.withoutDropout(dir, 32, 16);
        assertMicroBatchesAddUp(setup, TrainingLoss.CROSS_ENTROPY);
    }

    @Test
    void microBatchesAddUpWithATeachersSoftTargets() throws Exception {
        FineTuneSetup setup = FineTuneFixtures.withoutDropout(dir, 32, 16);
        Random random = new Random(5);
        float[][] teacher = new float[setup.train().size()][6];
        for (float[] row : teacher) {
            for (int k = 0; k < row.length; k++) {
                row[k] = (float) (3 * random.nextGaussian());
            }
        }
        FineTuneSetup distilling = new FineTuneSetup(setup.recipe(), setup.data(), setup.pretrained(),
                setup.train().withSoftTargets(teacher), null, null);
        assertMicroBatchesAddUp(distilling, TrainingLoss.distilling(new DistillationSpec(dir.resolve("unused.jsonl"), 0.3, 4.0)));
    }

    private static void assertMicroBatchesAddUp(FineTuneSetup setup, TrainingLoss objective) {
        TransformerConfig noDropout = setup.pretrained().config();
        int[] batch = IntStream.range(0, 16).toArray();
        assertThat(ActivationBudget.trainingRows(noDropout, setup.train().paddedLength(batch), 1)).isEqualTo(1);

        Pass whole = onePass(setup, objective, batch, Long.MAX_VALUE);
        Pass split = onePass(setup, objective, batch, 1); // one text per pass: sixteen micro-batches

        assertThat(split.loss()).isCloseTo(whole.loss(), within(1e-6));
        double max = 0;
        for (String name : whole.gradients().keySet()) {
            float[] a = whole.gradients().get(name);
            float[] b = split.gradients().get(name);
            for (int i = 0; i < a.length; i++) {
                max = Math.max(max, Math.abs(a[i] - b[i]));
            }
        }
        assertThat(max).isLessThan(1e-6);
    }

    private record Pass(double loss, Map<String, float[]> gradients) {
    }

    private static Pass onePass(FineTuneSetup setup, TrainingLoss objective, int[] batch, long activationBytes) {
        Map<String, float[]> gradients = new LinkedHashMap<>();
        try (SequenceClassifier model = setup.newModel(FineTuneFixtures.quiet())) {
            AdamW optimizer = new AdamW(model.manager(), model.parameters(), 0f);
            OptimizationStep step = new OptimizationStep(model, objective, optimizer, setup.schedule(1), setup.spec(),
                    parameters -> parameters.forEach((name, parameter) -> gradients.put(name, parameter.getGradient().toFloatArray())),
                    activationBytes);
            StepResult result = step.run(setup.train(), batch, 0);
            assertThat(result.skipped()).isFalse();
            return new Pass(result.loss(), gradients);
        }
    }
}
