package dev.triage.trainer.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import dev.triage.trainer.evaluation.Metrics;
import dev.triage.trainer.recipe.Recipe;
import dev.triage.trainer.training.TrainingResult;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A short fine-tune of MiniLM on a few hundred emotion examples learns: validation accuracy,
 * measured on the exported bundle, beats always answering the most common class by a clear margin.
 */
class EmotionFineTuneSmokeTest {

    @Test
    void aFewHundredExamplesBeatTheMajorityClass(@TempDir Path dir) throws Exception {
        Recipe recipe = FineTuneFixtures.recipe(dir, "all-minilm-l6-v2", 640, 200, """
                {"epochs": 3, "batchSize": 32, "learningRate": 1e-4, "checkpointEvery": 0}""")
                .with(null, "mean", null, null, null, null);
        TrainingResult result = FineTuneFixtures.trainer().train(recipe, dir.resolve("bundle"),
                new FineTuneTrainer.Options(dir.resolve("training"), false, 0)).result();
        Metrics metrics = result.metrics();
        double majority = (double) Arrays.stream(metrics.support()).max().orElseThrow() / metrics.total();
        assertThat(metrics.accuracy()).isGreaterThan(majority + 0.15);
        assertThat(result.parity()).isLessThanOrEqualTo(1e-4);
    }
}
