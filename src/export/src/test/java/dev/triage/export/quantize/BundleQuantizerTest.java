package dev.triage.export.quantize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.core.TextClassifier;
import dev.triage.core.bundle.InvalidBundleException;
import dev.triage.core.bundle.ModelBundle;
import dev.triage.core.bundle.ProblemType;
import dev.triage.core.bundle.Sha256;
import dev.triage.core.logits.InferenceSettings;
import dev.triage.export.BuiltInEncoders;
import dev.triage.export.BundleSpec;
import dev.triage.export.BundleWriter;
import dev.triage.export.ClassifierGraphBuilder;
import dev.triage.export.EncoderGraph;
import dev.triage.export.LinearHead;
import dev.triage.export.MiniLmFiles;
import dev.triage.export.OnnxProtos;
import dev.triage.export.Pooling;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bundles in, bundles out: what the int8 bundle records, and every input that must be refused. */
class BundleQuantizerTest {

    static final List<String> TEXTS = List.of("i feel wonderful today", "i am furious that the train is late again",
            "i am scared of the dark", "what a surprise to see you here");
    static final List<String> LABELS = List.of("sadness", "joy", "love", "anger", "fear", "surprise");
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;
    static Path fp32;

    @TempDir
    Path dir;

    /** An fp32 bundle: MiniLM, mean pooling, a random six-label head, and a recorded metric. */
    @BeforeAll
    static void writeFp32Bundle() throws Exception {
        BuiltInEncoders.EncoderFiles files = MiniLmFiles.get();
        ModelProto graph = ClassifierGraphBuilder.classifier(EncoderGraph.read(files.onnx()), Pooling.MEAN, randomHead());
        ObjectNode details = JSON.createObjectNode();
        details.put("trainingMode", "features");
        details.putObject("metrics").putObject("validation").put("accuracy", 0.5);
        fp32 = BundleWriter.write(shared.resolve("fp32"), graph, files.tokenizer(),
                new BundleSpec("emotion-test", "3", "bert", LABELS, ProblemType.SINGLE_LABEL, 64, details)).directory();
    }

    static LinearHead randomHead() {
        Random random = new Random(3);
        float[][] weight = new float[LABELS.size()][384];
        for (float[] row : weight) {
            for (int i = 0; i < row.length; i++) {
                row[i] = (float) random.nextGaussian();
            }
        }
        return new LinearHead(weight, new float[LABELS.size()]);
    }

    @Test
    void writesAnInt8TwinThatRecordsItsSource() throws Exception {
        BundleQuantizer.Quantized quantized = BundleQuantizer.quantize(fp32, dir.resolve("int8"), QuantizationOptions.defaults());

        ModelBundle bundle = ModelBundle.load(dir.resolve("int8"));
        assertThat(bundle.id()).isEqualTo("emotion-test-int8@3");
        assertThat(bundle.labels()).isEqualTo(LABELS);
        assertThat(bundle.maxSequenceLength()).isEqualTo(64);
        JsonNode details = bundle.manifest().orElseThrow().details();
        JsonNode quantization = details.path("quantization");
        assertThat(quantization.path("method").asText()).isEqualTo("dynamic-int8");
        assertThat(quantization.path("source").path("model").asText()).isEqualTo("emotion-test@3");
        assertThat(quantization.path("source").path("modelSha256").asText()).isEqualTo(Sha256.of(fp32.resolve("model.onnx")));
        assertThat(quantization.path("source").path("metrics").path("validation").path("accuracy").asDouble()).isEqualTo(0.5);
        assertThat(quantization.path("quantizedMatMuls").asInt()).isEqualTo(35);
        assertThat(quantization.path("keptFp32").toString()).contains("the classification head", "the first down-projection");
        // The fp32 model's metrics are not the int8 model's; the rest of what the trainer recorded stays.
        assertThat(details.has("metrics")).isFalse();
        assertThat(details.path("trainingMode").asText()).isEqualTo("features");
        assertThat(Files.readAllBytes(bundle.directory().resolve("config.json"))).isEqualTo(Files.readAllBytes(fp32.resolve("config.json")));
        assertThat(Files.readAllBytes(bundle.tokenizerFile())).isEqualTo(Files.readAllBytes(fp32.resolve("tokenizer.json")));
        assertThat(quantized.bytes()).isLessThan((long) (0.30 * quantized.sourceBytes()));

        try (TextClassifier int8 = TextClassifier.open(bundle, InferenceSettings.cpu(2));
             TextClassifier reference = TextClassifier.open(ModelBundle.load(fp32), InferenceSettings.cpu(2))) {
            float[][] expected = reference.logits(TEXTS);
            float[][] actual = int8.logits(TEXTS);
            for (int i = 0; i < TEXTS.size(); i++) {
                // A random head on frozen features has small margins: compare the logits, not the argmax.
                assertThat(MiniLmQuantizationTest.cosine(actual[i], expected[i])).as(TEXTS.get(i)).isGreaterThan(0.98);
            }
        }
    }

    @Test
    void quantizesAnOptimumStyleExportWithoutTriageJson() throws Exception {
        Path optimum = dir.resolve("my model (optimum)");
        Files.createDirectories(optimum);
        Files.copy(fp32.resolve("model.onnx"), optimum.resolve("model.onnx"));
        Files.copy(fp32.resolve("tokenizer.json"), optimum.resolve("tokenizer.json"));
        ObjectNode config = (ObjectNode) JSON.readTree(fp32.resolve("config.json").toFile());
        config.put("hidden_size", 384).put("transformers_version", "4.44.0");
        JSON.writeValue(optimum.resolve("config.json").toFile(), config);

        BundleQuantizer.quantize(optimum, dir.resolve("out"), QuantizationOptions.defaults());

        ModelBundle bundle = ModelBundle.load(dir.resolve("out"));
        assertThat(bundle.name()).isEqualTo("my-model--optimum--int8");
        assertThat(JSON.readTree(bundle.directory().resolve("config.json").toFile()).path("transformers_version").asText())
                .isEqualTo("4.44.0");
        assertThat(bundle.manifest().orElseThrow().details().path("quantization").path("source").path("modelSha256").asText())
                .isEqualTo(Sha256.of(optimum.resolve("model.onnx")));
    }

    @Test
    void refusesAQuantizedBundleAndWritesNothing() throws Exception {
        BundleQuantizer.quantize(fp32, dir.resolve("int8"), QuantizationOptions.defaults());
        Path out = dir.resolve("int8-again");
        assertThatThrownBy(() -> BundleQuantizer.quantize(dir.resolve("int8"), out, QuantizationOptions.defaults()))
                .isInstanceOf(NotQuantizableException.class)
                .hasMessageContaining(dir.resolve("int8").resolve("triage.json").toString())
                .hasMessageContaining("quantized already");
        assertThat(out).doesNotExist();

        // Without its triage.json, the graph itself gives it away.
        Files.delete(dir.resolve("int8").resolve("triage.json"));
        assertThatThrownBy(() -> BundleQuantizer.quantize(dir.resolve("int8"), out, QuantizationOptions.defaults()))
                .hasMessageContaining(dir.resolve("int8").resolve("model.onnx").toString())
                .hasMessageContaining("quantized already (it holds DynamicQuantizeMatMul nodes)");
        assertThat(out).doesNotExist();
    }

    @Test
    void refusesAModelFileThatIsNotOnnx() throws Exception {
        Path broken = copyWithoutManifest(dir.resolve("broken"));
        Files.writeString(broken.resolve("model.onnx"), "this is not a protobuf, let alone an ONNX graph\n", StandardCharsets.UTF_8);
        Path out = dir.resolve("out");
        assertThatThrownBy(() -> BundleQuantizer.quantize(broken, out, QuantizationOptions.defaults()))
                .isInstanceOf(NotQuantizableException.class)
                .hasMessageContaining(broken.resolve("model.onnx").toString())
                .hasMessageContaining("not an ONNX model");
        assertThat(out).doesNotExist();
    }

    @Test
    void refusesAGraphWithoutWeightsAndWritesNothing() throws Exception {
        Path linear = copyWithoutManifest(dir.resolve("linear"));
        // A linear classifier on given features: its one weight is the head, which stays fp32.
        GraphProto graph = GraphProto.newBuilder().setName("head-only")
                .addInput(TinyGraphs.floatValue("features", "batch", 384L))
                .addInitializer(OnnxProtos.floatTensor("w", new long[] {6, 384}, new float[6 * 384]))
                .addNode(OnnxProtos.node("Gemm", "classifier", List.of("features", "w"), List.of("logits"),
                        OnnxProtos.integer("transB", 1)))
                .addOutput(TinyGraphs.floatValue("logits", "batch", 6L)).build();
        OnnxProtos.write(TinyGraphs.model(graph, 17), linear.resolve("model.onnx"));
        Path out = dir.resolve("out");
        assertThatThrownBy(() -> BundleQuantizer.quantize(linear, out, QuantizationOptions.defaults()))
                .isInstanceOf(NotQuantizableException.class)
                .hasMessageContaining(linear.resolve("model.onnx").toString())
                .hasMessageContaining("nothing to quantize");
        assertThat(out).doesNotExist();
    }

    @Test
    void publishesWhatItsMeasurementFoundInTheOneTriageJsonItWrites() throws Exception {
        Path out = dir.resolve("int8");
        Path[] stagedAt = new Path[1];
        BundleQuantizer.quantize(fp32, out, QuantizationOptions.defaults(), staged -> {
            stagedAt[0] = staged.directory();
            assertThat(out).doesNotExist(); // nothing published while it is measured
            Files.createDirectories(staged.directory().resolve("report"));
            Files.writeString(staged.directory().resolve("report").resolve("metrics.json"), "{}");
            ObjectNode measured = JSON.createObjectNode();
            measured.putObject("metrics").putObject("validation").put("accuracy", 0.75);
            return measured;
        });
        assertThat(stagedAt[0]).isNotEqualTo(out).doesNotExist();
        assertThat(out.resolve("report").resolve("metrics.json")).exists();
        ObjectNode details = ModelBundle.load(out).manifest().orElseThrow().details();
        assertThat(details.at("/metrics/validation/accuracy").asDouble()).isEqualTo(0.75);
        assertThat(details.has("quantization")).isTrue();
    }

    @Test
    void aFailedMeasurementPublishesNothing() {
        Path out = dir.resolve("int8");
        assertThatThrownBy(() -> BundleQuantizer.quantize(fp32, out, QuantizationOptions.defaults(), staged -> {
            throw new java.io.IOException("the validation file went away");
        })).hasMessageContaining("the validation file went away");
        assertThat(out).doesNotExist();
        assertThat(dir.toFile().list((folder, name) -> name.startsWith("int8"))).isEmpty();
    }

    @Test
    void refusesToReplaceItsOwnSource() {
        assertThatThrownBy(() -> BundleQuantizer.quantize(fp32, fp32, QuantizationOptions.defaults()))
                .hasMessageContaining("would replace the fp32 bundle");
        assertThat(ModelBundle.load(fp32).name()).isEqualTo("emotion-test");
    }

    @Test
    void aRuntimeWithoutAnOperatorNamesItWhenTheBundleLoads() throws Exception {
        BundleQuantizer.quantize(fp32, dir.resolve("int8"), QuantizationOptions.defaults());
        // The default graph uses ONNX Runtime's own kernels. As a runtime without them sees it: here, those
        // operators placed in a domain this runtime does not implement.
        ModelProto model = OnnxProtos.read(dir.resolve("int8").resolve("model.onnx"));
        GraphProto.Builder graph = model.getGraph().toBuilder();
        for (int i = 0; i < graph.getNodeCount(); i++) {
            if (graph.getNode(i).getDomain().equals("com.microsoft")) {
                graph.setNode(i, graph.getNode(i).toBuilder().setDomain("com.example.kernels"));
            }
        }
        Path elsewhere = copyWithoutManifest(dir.resolve("elsewhere"));
        OnnxProtos.write(model.toBuilder().setGraph(graph)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("com.example.kernels").setVersion(1)).build(),
                elsewhere.resolve("model.onnx"));
        ModelBundle bundle = ModelBundle.load(elsewhere);
        assertThatThrownBy(() -> TextClassifier.open(bundle, InferenceSettings.cpu(1)))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessageContaining("model.onnx")
                .hasMessageContaining("DynamicQuantizeMatMul");
    }

    @Test
    void int8NamesAreValidBundleNames() {
        assertThat(BundleQuantizer.int8Name("emotion-minilm-finetuned")).isEqualTo("emotion-minilm-finetuned-int8");
        assertThat(BundleQuantizer.int8Name("..odd name/")).isEqualTo("odd-name--int8");
        assertThat(BundleQuantizer.int8Name("x".repeat(200))).hasSize(128).endsWith("-int8");
    }

    /** The fp32 bundle's files without triage.json, to change model.onnx freely. */
    static Path copyWithoutManifest(Path target) throws Exception {
        Files.createDirectories(target);
        try (Stream<Path> files = Files.list(fp32)) {
            for (Path file : files.toList()) {
                if (!file.getFileName().toString().equals("triage.json")) {
                    Files.copy(file, target.resolve(file.getFileName()));
                }
            }
        }
        return target;
    }
}
