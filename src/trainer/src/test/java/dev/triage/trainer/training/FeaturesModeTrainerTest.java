package dev.triage.trainer.training;

import dev.triage.trainer.CliRun;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.triage.core.TextClassifier;
import dev.triage.core.bundle.ModelBundle;
import dev.triage.core.logits.InferenceSettings;
import dev.triage.export.AssembleBundle;
import dev.triage.export.BuiltInEncoders;
import dev.triage.trainer.SharedData;
import dev.triage.trainer.data.DataFormatException;
import dev.triage.trainer.recipe.Recipe;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Features-mode training end to end on a slice of the emotion data (the first 1,500 training and
 * 400 validation lines), then the CLI on the bundle it made.
 */
class FeaturesModeTrainerTest {

    static final Path CACHE = Path.of("target", "triage-cache");

    @TempDir
    static Path work;
    static Path recipeFile;
    static TrainingResult result;
    static Path out;

    @BeforeAll
    static void trainOnce() throws IOException {
        Path train = slice(SharedData.emotion("train.txt"), 1500, "train.txt");
        Path validation = slice(SharedData.emotion("validation.txt"), 400, "validation.txt");
        recipeFile = work.resolve("recipe.json");
        Files.writeString(recipeFile, """
                {"name": "emotion-slice", "version": "t1", "mode": "features", "baseModel": "all-minilm-l6-v2",
                 "pooling": "mean", "maxSequenceLength": 64,
                 "labels": ["sadness", "joy", "love", "anger", "fear", "surprise"],
                 "data": {"train": "%s", "validation": "%s"}, "head": {"maxSteps": 400},
                 "evaluation": {"topLosses": 15}}
                """.formatted(train.getFileName(), validation.getFileName()));
        out = work.resolve("bundle");
        result = new FeaturesModeTrainer(CACHE, InferenceSettings.cpu(2), quiet()).train(Recipe.read(recipeFile), out);
    }

    @Test
    void exportedLogitsMatchTheTrainingEngine() {
        assertThat(result.parity()).isLessThanOrEqualTo(FeaturesModeTrainer.PARITY_TOLERANCE);
    }

    @Test
    void beatsTheMajorityClassClearly() {
        // joy, the largest class, is about a third of the validation slice
        assertThat(result.metrics().accuracy()).isGreaterThan(0.5);
        assertThat(result.baseline()).isNotNull();
    }

    @Test
    void writesAValidBundleWithItsMetrics() {
        ModelBundle bundle = ModelBundle.load(out);
        assertThat(bundle.id()).isEqualTo("emotion-slice@t1");
        assertThat(bundle.maxSequenceLength()).isEqualTo(64);
        JsonNode details = bundle.manifest().orElseThrow().details();
        assertThat(details.at("/metrics/validation/accuracy").asDouble()).isEqualTo(result.metrics().accuracy());
        assertThat(details.at("/baseModel/name").asText()).isEqualTo("all-minilm-l6-v2");
        assertThat(details.at("/data/trainExamples").asInt()).isEqualTo(1500);
    }

    @Test
    void writesTheReport() throws IOException {
        Path report = out.resolve("report");
        JsonNode metrics = new ObjectMapper().readTree(report.resolve("metrics.json").toFile());
        assertThat(metrics.at("/confusionMatrix/counts")).hasSize(6);
        assertThat(metrics.at("/perClass/joy/support").asInt()).isPositive();
        assertThat(metrics.at("/baseline/accuracy").asDouble()).isPositive();
        BufferedImage png = ImageIO.read(report.resolve("confusion-matrix.png").toFile());
        assertThat(png.getWidth()).isGreaterThan(500);
        List<String> csv = Files.readAllLines(report.resolve("high-loss.csv"));
        assertThat(csv.get(0)).isEqualTo("text,gold,predicted,predicted_score,loss,source");
        assertThat(csv).hasSize(16);
    }

    @Test
    void headJsonRebuildsTheSameModel() throws IOException {
        BuiltInEncoders.EncoderFiles encoder = BuiltInEncoders.extract(BuiltInEncoders.ALL_MINILM_L6_V2, CACHE.resolve("encoders"));
        ModelBundle rebuilt = AssembleBundle.assemble(encoder.onnx(), encoder.tokenizer(), out.resolve("head.json"),
                work.resolve("rebuilt"));
        List<String> texts = List.of("i feel so alone tonight", "what a lovely surprise");
        try (TextClassifier original = TextClassifier.open(ModelBundle.load(out), InferenceSettings.cpu(1));
             TextClassifier copy = TextClassifier.open(rebuilt, InferenceSettings.cpu(1))) {
            assertThat(copy.logits(texts)).isDeepEqualTo(original.logits(texts));
        }
    }

    @Test
    void stopsOnAnUnknownLabelBeforeAnyLongWork() throws IOException {
        Path bad = work.resolve("bad.txt");
        Files.writeString(bad, "i am fine;joy\ni am tired;sleepy\n");
        Recipe recipe = Recipe.read(recipeFile).with(null, null, bad, null, null, null);
        long start = System.nanoTime();
        assertThatThrownBy(() -> new FeaturesModeTrainer(CACHE, InferenceSettings.cpu(1), quiet()).train(recipe, work.resolve("x")))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("bad.txt:2: unknown label 'sleepy'");
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(10);
    }

    @Test
    void cliEvaluatesTheBundle() throws IOException {
        Path report = work.resolve("evaluation");
        CliRun run = CliRun.of("evaluate", "--bundle", out.toString(), "--data", work.resolve("validation.txt").toString(),
                "--out", report.toString(), "--threads", "1");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("emotion-slice@t1 on validation.txt: accuracy");
        assertThat(report.resolve("confusion-matrix.png")).isRegularFile();
    }

    @Test
    void cliEvaluateNamesAnUnknownLabel() throws IOException {
        Path data = work.resolve("odd.txt");
        Files.writeString(data, "so glad;joy\nwhy me;grumpy\n");
        CliRun run = CliRun.of("evaluate", "--bundle", out.toString(), "--data", data.toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("odd.txt:2: unknown label 'grumpy'");
    }

    @Test
    void cliClassifiesTexts() {
        CliRun run = CliRun.of("classify", "--bundle", out.toString(), "--top-k", "2", "--json", "i am thrilled to bits");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("\"model\":\"emotion-slice@t1\"").contains("\"scores\":[{\"label\":");
    }



    static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    private static Path slice(Path source, int lines, String name) throws IOException {
        Path target = work.resolve(name);
        Files.write(target, Files.readAllLines(source).subList(0, lines));
        return target;
    }
}
