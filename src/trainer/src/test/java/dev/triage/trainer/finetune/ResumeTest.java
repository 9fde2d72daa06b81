package dev.triage.trainer.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triage.export.transformer.Architecture;
import dev.triage.export.transformer.Tensor;
import dev.triage.trainer.encoder.TinyCheckpoint;
import dev.triage.trainer.recipe.Recipe;
import dev.triage.trainer.training.TrainingResult;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A run killed mid-epoch and resumed from its last checkpoint ends with the weights of the run
 * that was never interrupted. Dropout is seeded per step and the batches per epoch, so the only
 * possible difference is floating-point scheduling noise; the stated tolerance is 1e-6.
 */
class ResumeTest {

    static final double TOLERANCE = 1e-6;

    @TempDir
    Path dir;

    @Test
    void resumedRunEndsWithTheUninterruptedRunsWeights() throws Exception {
        Path checkpoint = TinyCheckpoint.write(dir.resolve("tiny-bert"), Architecture.BERT, 5);
        String settings = """
                {"epochs": 2, "batchSize": 8, "learningRate": 5e-4, "warmupRatio": 0.2, "checkpointEvery": 3}""";
        Recipe recipe = FineTuneFixtures.recipe(dir.resolve("data"), checkpoint.toString(), 64, 24, settings);

        TrainingResult uninterrupted = FineTuneFixtures.trainer().train(recipe, dir.resolve("a"),
                new FineTuneTrainer.Options(dir.resolve("a-training"), false, 0)).result();

        Path training = dir.resolve("b-training");
        FineTuneOutcome killed = FineTuneFixtures.trainer().train(recipe, dir.resolve("b"),
                new FineTuneTrainer.Options(training, false, 7)); // dies after step 7; the last checkpoint is step 6
        assertThat(killed).isEqualTo(new FineTuneOutcome.StoppedEarly(7, training.resolve("step-00000006")));
        assertThat(Checkpoint.latest(training).orElseThrow().step()).isEqualTo(6);
        TrainingResult resumed = FineTuneFixtures.trainer().train(recipe, dir.resolve("b"),
                new FineTuneTrainer.Options(training, true, 0)).result();

        Map<String, Tensor> a = Checkpoint.modelWeights(Checkpoint.latest(dir.resolve("a-training")).orElseThrow().tensors());
        Map<String, Tensor> b = Checkpoint.modelWeights(Checkpoint.latest(training).orElseThrow().tensors());
        assertThat(b.keySet()).isEqualTo(a.keySet());
        double max = 0;
        for (String name : a.keySet()) {
            float[] x = a.get(name).data();
            float[] y = b.get(name).data();
            for (int i = 0; i < x.length; i++) {
                max = Math.max(max, Math.abs(x[i] - y[i]));
            }
        }
        assertThat(max).isLessThanOrEqualTo(TOLERANCE);
        // and the weights did move: the comparison is not between two untrained models
        assertThat(uninterrupted.metrics().total()).isEqualTo(24);
        assertThat(resumed.metrics().accuracy()).isEqualTo(uninterrupted.metrics().accuracy());
    }
}
