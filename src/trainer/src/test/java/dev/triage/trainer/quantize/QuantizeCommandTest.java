package dev.triage.trainer.quantize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.triage.core.bundle.ModelBundle;
import dev.triage.core.bundle.ProblemType;
import dev.triage.core.bundle.Sha256;
import dev.triage.export.BuiltInEncoders;
import dev.triage.export.BundleSpec;
import dev.triage.export.BundleWriter;
import dev.triage.export.ClassifierGraphBuilder;
import dev.triage.export.EncoderGraph;
import dev.triage.export.LinearHead;
import dev.triage.export.Pooling;
import dev.triage.export.quantize.QuantizationOptions;
import dev.triage.trainer.CliRun;
import dev.triage.trainer.SharedData;
import dev.triage.trainer.recipe.Recipe;
import dev.triage.trainer.recipe.RecipeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code triage quantize} and a recipe's {@code "quantize"}, through the command line. */
class QuantizeCommandTest {

    static final List<String> LABELS = List.of("happy", "unhappy");

    @TempDir
    static Path shared;
    static Path fp32;
    static Path data;

    @TempDir
    Path dir;

    /** MiniLM with a head that reads its pooled vector; made-up texts to evaluate on. */
    @BeforeAll
    static void writeBundle() throws Exception {
        BuiltInEncoders.EncoderFiles encoder = BuiltInEncoders.extract(BuiltInEncoders.ALL_MINILM_L6_V2, Path.of("target", "encoders"));
        Random random = new Random(5);
        float[][] weight = new float[2][384];
        for (float[] row : weight) {
            for (int i = 0; i < row.length; i++) {
                row[i] = (float) random.nextGaussian();
            }
        }
        ModelProto graph = ClassifierGraphBuilder.classifier(EncoderGraph.read(encoder.onnx()), Pooling.MEAN,
                new LinearHead(weight, new float[2]));
        fp32 = BundleWriter.write(shared.resolve("fp32"), graph, encoder.tokenizer(), new BundleSpec("mood", "2", "bert", LABELS,
                ProblemType.SINGLE_LABEL, 64, JsonNodeFactory.instance.objectNode())).directory();
        data = shared.resolve("mood.txt");
        Files.write(data, List.of("what a lovely sunny morning;happy", "the cake was delicious;happy",
                "my best friend is visiting today;happy", "i lost my keys again;unhappy", "the printer jammed twice;unhappy",
                "nobody came to the party;unhappy"));
    }

    @Test
    void writesTheInt8BundleAndComparesBothOnTheData() throws Exception {
        CliRun run = CliRun.of("quantize", "--bundle", fp32.toString(), "--out", dir.resolve("int8").toString(),
                "--data", data.toString(), "--threads", "2");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("mood@2 -> mood-int8@2", "35 MatMul/Gemm in int8")
                .contains("validation, 6 texts (mood.txt):", "mood-int8@2", "both give the same label to");
        ModelBundle int8 = ModelBundle.load(dir.resolve("int8"));
        JsonNode details = int8.manifest().orElseThrow().details();
        assertThat(details.at("/quantization/source/modelSha256").asText()).isEqualTo(Sha256.of(fp32.resolve("model.onnx")));
        assertThat(details.at("/metrics/validation/examples").asInt()).isEqualTo(6);
        assertThat(details.at("/metrics/validation/agreementWithFp32").asDouble()).isBetween(0.0, 1.0);
        assertThat(details.at("/metrics/validation/fp32/model").asText()).isEqualTo("mood@2");
        assertThat(dir.resolve("int8/report/metrics.json")).exists();
        assertThat(dir.resolve("int8/report/confusion-matrix.png")).exists();
    }

    @Test
    void recordsAnotherSplitUnderItsName() throws Exception {
        CliRun run = CliRun.of("quantize", "--bundle", fp32.toString(), "--out", dir.resolve("int8").toString(),
                "--data", data.toString(), "--split", "test", "--embeddings", "fp32", "--threads", "1");
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode details = ModelBundle.load(dir.resolve("int8")).manifest().orElseThrow().details();
        assertThat(details.at("/metrics/test/examples").asInt()).isEqualTo(6);
        assertThat(details.at("/quantization/embeddings").asText()).isEqualTo("fp32");
        assertThat(dir.resolve("int8/report-test/metrics.json")).exists();
    }

    @Test
    void evaluatesSeveralSplitsInOneRunAndKeepsEach() throws Exception {
        Path fewer = dir.resolve("fewer.txt");
        Files.write(fewer, Files.readAllLines(data).subList(0, 4));
        CliRun run = CliRun.of("quantize", "--bundle", fp32.toString(), "--out", dir.resolve("int8").toString(),
                "--data", data.toString(), "--split", "validation", "--data", fewer.toString(), "--split", "test",
                "--threads", "1");
        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("validation, 6 texts (mood.txt):", "test, 4 texts (fewer.txt):");
        JsonNode details = ModelBundle.load(dir.resolve("int8")).manifest().orElseThrow().details();
        assertThat(details.at("/metrics/validation/examples").asInt()).isEqualTo(6);
        assertThat(details.at("/metrics/test/examples").asInt()).isEqualTo(4);
        assertThat(dir.resolve("int8/report/metrics.json")).exists();
        assertThat(dir.resolve("int8/report-test/metrics.json")).exists();

        CliRun unpaired = CliRun.of("quantize", "--bundle", fp32.toString(), "--out", dir.resolve("out").toString(),
                "--data", data.toString(), "--data", fewer.toString(), "--split", "test");
        assertThat(unpaired.code()).isEqualTo(1);
        assertThat(unpaired.err()).contains("give one --split for each --data, in the same order: 2 --data, 1 --split");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void badInputIsNamedAndNothingIsWritten() throws Exception {
        Path notOnnx = dir.resolve("not-onnx");
        Files.createDirectories(notOnnx);
        Files.copy(fp32.resolve("config.json"), notOnnx.resolve("config.json"));
        Files.copy(fp32.resolve("tokenizer.json"), notOnnx.resolve("tokenizer.json"));
        Files.writeString(notOnnx.resolve("model.onnx"), "<html>not a model</html>");
        CliRun run = CliRun.of("quantize", "--bundle", notOnnx.toString(), "--out", dir.resolve("out").toString());
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("triage quantize: error: " + notOnnx.resolve("model.onnx"), "not an ONNX model");
        assertThat(dir.resolve("out")).doesNotExist();

        CliRun badOption = CliRun.of("quantize", "--bundle", fp32.toString(), "--out", dir.resolve("out").toString(),
                "--weights", "per-row");
        assertThat(badOption.code()).isEqualTo(1);
        assertThat(badOption.err()).contains("--weights must be per-channel or per-tensor, is 'per-row'");

        Path wrongLabels = dir.resolve("wrong.txt");
        Files.writeString(wrongLabels, "a sunny day;sunny\n");
        CliRun badData = CliRun.of("quantize", "--bundle", fp32.toString(), "--out", dir.resolve("out").toString(),
                "--data", wrongLabels.toString());
        assertThat(badData.code()).isEqualTo(1);
        assertThat(badData.err()).contains("sunny");
        assertThat(dir.resolve("out")).doesNotExist();

        assertThat(CliRun.of("quantize", "--bundle", fp32.toString(), "--out", dir.resolve("int8").toString()).code()).isZero();
        CliRun twice = CliRun.of("quantize", "--bundle", dir.resolve("int8").toString(), "--out", dir.resolve("again").toString());
        assertThat(twice.code()).isEqualTo(1);
        assertThat(twice.err()).contains("triage.json: the bundle is quantized already");
        assertThat(dir.resolve("again")).doesNotExist();
    }

    @Test
    void aRecipeMayAskForTheInt8Twin() throws Exception {
        Path recipe = dir.resolve("recipe.json");
        Files.writeString(recipe, "{\"name\": \"m\", \"baseModel\": \"all-minilm-l6-v2\", \"quantize\": \"dynamic-int8\"}");
        assertThat(Recipe.read(recipe).quantize().method()).isEqualTo("dynamic-int8");
        assertThat(Recipe.read(recipe).quantize().options()).isEqualTo(QuantizationOptions.defaults());
        Files.writeString(recipe, "{\"name\": \"m\", \"baseModel\": \"all-minilm-l6-v2\", "
                + "\"quantize\": {\"method\": \"dynamic-int8\", \"exclude\": \"layer\\\\.1\\\\.output\"}}");
        assertThat(Recipe.read(recipe).quantize().options().excluded().pattern()).isEqualTo("layer\\.1\\.output");
        assertThat(Recipe.read(recipe).quantize()).hasToString("dynamic-int8, fp32 where /layer\\.1\\.output/ matches");
        Files.writeString(recipe, "{\"name\": \"m\", \"baseModel\": \"all-minilm-l6-v2\", "
                + "\"quantize\": {\"method\": \"dynamic-int8\", \"exclude\": \"layer(\"}}");
        assertThatThrownBy(() -> Recipe.read(recipe)).isInstanceOf(RecipeException.class)
                .hasMessageContaining("field 'quantize.exclude' is not a regular expression");
        Files.writeString(recipe, "{\"name\": \"m\", \"baseModel\": \"all-minilm-l6-v2\", "
                + "\"quantize\": {\"method\": \"dynamic-int8\", \"exlcude\": \"x\"}}");
        assertThatThrownBy(() -> Recipe.read(recipe)).isInstanceOf(RecipeException.class)
                .hasMessageContaining("field 'quantize.exlcude' is not a known field");
        Files.writeString(recipe, "{\"name\": \"m\", \"baseModel\": \"all-minilm-l6-v2\", \"quantize\": \"int4\"}");
        assertThatThrownBy(() -> Recipe.read(recipe)).isInstanceOf(RecipeException.class)
                .hasMessageContaining("field 'quantize' must be 'dynamic-int8' (or absent), is 'int4'");
        assertThat(Int8Twin.locationBeside("target/models/m/1")).isEqualTo(Path.of("target/models/m/1-int8").toString());
        assertThat(Int8Twin.locationBeside("s3://bucket/models/m/1/")).isEqualTo("s3://bucket/models/m/1-int8/");
    }

    @Test
    void trainWritesAndEvaluatesTheInt8TwinBesideTheBundle() throws Exception {
        Path train = dir.resolve("train.txt");
        Path validation = dir.resolve("validation.txt");
        Files.write(train, Files.readAllLines(SharedData.emotion("train.txt")).subList(0, 300));
        Files.write(validation, Files.readAllLines(SharedData.emotion("validation.txt")).subList(0, 100));
        Path recipe = dir.resolve("recipe.json");
        Files.writeString(recipe, """
                {"name": "emotion-slice", "mode": "features", "baseModel": "all-minilm-l6-v2", "maxSequenceLength": 64,
                 "labels": ["sadness", "joy", "love", "anger", "fear", "surprise"],
                 "data": {"train": "train.txt", "validation": "validation.txt"}, "head": {"maxSteps": 100},
                 "baseline": {"enabled": false}, "quantize": "dynamic-int8"}
                """);
        CliRun run = CliRun.of("train", "--recipe", recipe.toString(), "--out", dir.resolve("m/1").toString(),
                "--cache-dir", Path.of("target", "triage-cache").toString(), "--threads", "2");

        assertThat(run.code()).as(run.err()).isZero();
        assertThat(run.out()).contains("quantize (dynamic-int8)", "emotion-slice-int8@1", "both give the same label to");
        ModelBundle int8 = ModelBundle.load(dir.resolve("m/1-int8"));
        JsonNode details = int8.manifest().orElseThrow().details();
        assertThat(details.at("/quantization/source/modelSha256").asText()).isEqualTo(Sha256.of(dir.resolve("m/1/model.onnx")));
        assertThat(details.at("/metrics/validation/examples").asInt()).isEqualTo(100);
        assertThat(details.at("/metrics/validation/fp32/accuracy").asDouble()).isEqualTo(
                ModelBundle.load(dir.resolve("m/1")).manifest().orElseThrow().details().at("/metrics/validation/accuracy").asDouble());
    }
}
