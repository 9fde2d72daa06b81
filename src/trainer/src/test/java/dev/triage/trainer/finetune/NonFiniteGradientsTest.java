package dev.triage.trainer.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.triage.core.bundle.ModelBundle;
import dev.triage.export.transformer.Architecture;
import dev.triage.export.transformer.Tensor;
import dev.triage.trainer.encoder.TinyCheckpoint;
import dev.triage.trainer.recipe.Recipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gradient that is not finite skips its update, which is counted where the user looks
 * (metrics.jsonl, triage.json), and training recovers: the next step's gradients are finite again
 * and its update is applied. More than three in a row stop the run with a clear error, leaving the
 * checkpoints written until then.
 */
class NonFiniteGradientsTest {

    static final String POISONED = "encoder.layer.1.output.dense.weight";
    static final String SETTINGS = """
            {"epochs": 1, "batchSize": 8, "learningRate": 1e-3, "checkpointEvery": 2}""";

    @TempDir
    Path dir;

    @Test
    void oneNonFiniteGradientSkipsOneUpdateAndTheNextIsApplied() throws Exception {
        Recipe recipe = FineTuneFixtures.recipe(dir.resolve("data"), tinyBert().toString(), 64, 16, SETTINGS);
        List<float[]> classifierBefore = new ArrayList<>(); // the classifier's weights as each backward pass sees them
        List<Boolean> finite = new ArrayList<>();            // whether each pass's gradients were finite
        Consumer<Map<String, NDArray>> hook = parameters -> {
            classifierBefore.add(parameters.get(SequenceClassifier.CLASSIFIER_WEIGHT).toFloatArray());
            finite.add(Gradients.nonFinite(parameters).isEmpty());
            if (classifierBefore.size() == 3) {
                parameters.get(POISONED).getGradient().set(new NDIndex("0, 0"), Float.NaN);
            }
        };
        FineTuneOutcome outcome = FineTuneFixtures.trainer().afterBackward(hook).train(recipe, dir.resolve("bundle"),
                new FineTuneTrainer.Options(dir.resolve("training"), false, 0));

        assertThat(finite).hasSize(8).containsOnly(true); // step 4's gradients are clean: zeroing cleared step 3's NaN
        assertThat(classifierBefore.get(3)).containsExactly(classifierBefore.get(2)); // step 3 changed nothing
        assertThat(classifierBefore.get(4)).isNotEqualTo(classifierBefore.get(3));     // step 4's update was applied
        List<JsonNode> steps = lines(dir.resolve("bundle/report/metrics.jsonl"), "step");
        assertThat(steps).extracting(line -> line.path("skipped").asBoolean())
                .containsExactly(false, false, true, false, false, false, false, false);
        assertThat(steps.get(7).path("skippedUpdates").asInt()).isEqualTo(1);
        JsonNode training = ModelBundle.load(outcome.result().bundle().directory()).manifest().orElseThrow().details()
                .path("training");
        assertThat(training.path("skippedUpdates").asInt()).isEqualTo(1);
        assertThat(training.at("/skippedUpdateSteps/0/step").asInt()).isEqualTo(3);
        assertThat(training.at("/skippedUpdateSteps/0/firstNonFiniteParameter").asText()).isEqualTo(POISONED);
        assertThat(outcome.result().parity()).isLessThanOrEqualTo(1e-4);
    }

    @Test
    void moreThanThreeSkippedInARowStopTheRunAndKeepTheLastGoodCheckpoint() throws Exception {
        Recipe recipe = FineTuneFixtures.recipe(dir.resolve("data"), tinyBert().toString(), 64, 16, SETTINGS);
        int[] passes = {0};
        Consumer<Map<String, NDArray>> hook = parameters -> {
            if (++passes[0] >= 5) {
                parameters.get(POISONED).getGradient().set(new NDIndex("0, 0"), Float.POSITIVE_INFINITY);
            }
        };
        Path training = dir.resolve("training");
        assertThatThrownBy(() -> FineTuneFixtures.trainer().afterBackward(hook).train(recipe, dir.resolve("bundle"),
                new FineTuneTrainer.Options(training, false, 0)))
                .isInstanceOf(NonFiniteGradientsException.class)
                .hasMessageContaining("stopped at step 8")
                .hasMessageContaining("the last 4 updates were all skipped")
                .hasMessageContaining(POISONED)
                .hasMessageContaining("last good checkpoint is " + training.resolve("step-00000006"));

        assertThat(dir.resolve("bundle")).doesNotExist();
        Checkpoint.Saved last = Checkpoint.latest(training).orElseThrow();
        assertThat(last.step()).isEqualTo(6);
        assertThat(last.state().skippedUpdates()).extracting(SkippedUpdate::step).containsExactly(5L, 6L);
        for (Tensor tensor : last.tensors().values()) {
            for (float value : tensor.data()) {
                assertThat(value).isFinite();
            }
        }
        assertThat(lines(training.resolve("metrics.jsonl"), "step")).hasSize(8);
    }

    private Path tinyBert() {
        return TinyCheckpoint.write(dir.resolve("tiny-bert"), Architecture.BERT, 3);
    }

    private static List<JsonNode> lines(Path jsonl, String type) throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> lines = new ArrayList<>();
        for (String line : Files.readAllLines(jsonl)) {
            JsonNode node = json.readTree(line);
            if (node.path("type").asText().equals(type)) {
                lines.add(node);
            }
        }
        return lines;
    }
}
