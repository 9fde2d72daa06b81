package dev.triage.trainer.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triage.core.TextClassifier;
import dev.triage.core.bundle.ModelBundle;
import dev.triage.core.logits.InferenceSettings;
import dev.triage.export.transformer.Architecture;
import dev.triage.trainer.encoder.TinyCheckpoint;
import dev.triage.trainer.recipe.Recipe;
import dev.triage.trainer.training.TrainingResult;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny random checkpoint in Hugging Face's layout loads, trains a few steps, and exports a bundle
 * whose ONNX logits equal the DJL model's (the trainer refuses the export otherwise).
 */
class TinyFineTuneTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void trainsAndExportsAHuggingFaceCheckpoint(Architecture architecture) throws Exception {
        Path checkpoint = TinyCheckpoint.write(dir.resolve("tiny-" + architecture.modelType()), architecture, 11);
        Recipe recipe = FineTuneFixtures.recipe(dir, checkpoint.toString(), 96, 40, """
                {"epochs": 2, "batchSize": 16, "learningRate": 1e-3, "checkpointEvery": 4}""");
        Path out = dir.resolve("bundle");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        TrainingResult result = FineTuneFixtures.trainer(new PrintStream(printed, true, StandardCharsets.UTF_8)).train(recipe, out,
                new FineTuneTrainer.Options(dir.resolve("training"), false, 0)).result();

        assertThat(result.parity()).isLessThanOrEqualTo(1e-4);
        // The first line says where the run computes: no CUDA here, so the CPU, and says why.
        assertThat(printed.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow())
                .startsWith("fine-tuning ").endsWith(", on CPU (no GPU visible to PyTorch)");
        ModelBundle bundle = ModelBundle.load(out);
        assertThat(bundle.config().modelType()).isEqualTo(architecture.modelType());
        JsonNode training = bundle.manifest().orElseThrow().details().path("training");
        assertThat(training.path("steps").asInt()).isEqualTo(12);
        assertThat(training.path("history")).hasSize(2);
        try (TextClassifier classifier = TextClassifier.open(bundle, InferenceSettings.cpu(1))) {
            assertThat(classifier.classifyAll(List.of("i feel fine", "so angry"), 2)).hasSize(2);
        }
        assertThat(out.resolve("report/training-curves.png")).isRegularFile();
        List<String> log = Files.readAllLines(out.resolve("report/metrics.jsonl"));
        assertThat(log.stream().filter(l -> l.contains("\"type\":\"step\""))).hasSize(12);
        assertThat(log.stream().filter(l -> l.contains("\"type\":\"evaluation\""))).hasSize(2);
    }
}
