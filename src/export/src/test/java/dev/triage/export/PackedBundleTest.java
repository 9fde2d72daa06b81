package dev.triage.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.triage.core.bundle.ModelBundle;
import dev.triage.core.bundle.ProblemType;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The committed form of a built-in model, and the build's check that it unpacks to exactly what was measured. */
class PackedBundleTest {

    @TempDir
    Path dir;
    Path bundle;
    Path tokenizer;

    @BeforeEach
    void writeBundle() throws Exception {
        tokenizer = MiniLmFiles.get().tokenizer();
        GraphProto graph = GraphProto.newBuilder().setName("linear")
                .addInput(OnnxProtos.floatValue("x", "batch", 2L))
                .addInitializer(OnnxProtos.floatTensor("w", new long[] {2, 2}, new float[] {1, 2, 3, 4}))
                .addNode(OnnxProtos.node("MatMul", "classifier", List.of("x", "w"), List.of("logits")))
                .addOutput(OnnxProtos.floatValue("logits", "batch", 2L)).build();
        ModelProto model = ModelProto.newBuilder().setIrVersion(8).setGraph(graph)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(17)).build();
        bundle = BundleWriter.write(dir.resolve("bundle"), model, tokenizer, new BundleSpec("tiny", "2", "bert",
                List.of("no", "yes"), ProblemType.SINGLE_LABEL, 16, JsonNodeFactory.instance.objectNode())).directory();
    }

    @Test
    void packsAndUnpacksTheSameBundle() throws Exception {
        PackedBundle.pack(bundle, dir.resolve("packed"));
        try (var files = Files.list(dir.resolve("packed"))) {
            assertThat(files.map(p -> p.getFileName().toString()).sorted().toList())
                    .containsExactly("config.json", "model.onnx.gz", "triage.json");
        }

        ModelBundle unpacked = PackedBundle.unpack(dir.resolve("packed"), tokenizer, dir.resolve("out"));

        assertThat(unpacked.id()).isEqualTo("tiny@2");
        for (String file : List.of("model.onnx", "config.json", "tokenizer.json", "triage.json")) {
            assertThat(Files.readAllBytes(unpacked.directory().resolve(file))).as(file)
                    .isEqualTo(Files.readAllBytes(bundle.resolve(file)));
        }
    }

    @Test
    void refusesAnotherTokenizer() throws Exception {
        PackedBundle.pack(bundle, dir.resolve("packed"));
        Path other = dir.resolve("other-tokenizer.json");
        Files.writeString(other, "{\"version\": \"1.0\"}", StandardCharsets.UTF_8);
        assertThatThrownBy(() -> PackedBundle.unpack(dir.resolve("packed"), other, dir.resolve("out")))
                .hasMessageContaining(other.toString())
                .hasMessageContaining("was made with a tokenizer.json of sha256");
        assertThat(dir.resolve("out")).doesNotExist();
    }

    @Test
    void refusesAModelThatIsNotTheMeasuredOne() throws Exception {
        PackedBundle.pack(bundle, dir.resolve("packed"));
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(dir.resolve("packed").resolve("model.onnx.gz")))) {
            out.write("another model".getBytes(StandardCharsets.UTF_8));
        }
        assertThatThrownBy(() -> PackedBundle.unpack(dir.resolve("packed"), tokenizer, dir.resolve("out")))
                .hasMessageContaining("is not the one its triage.json describes")
                .hasMessageContaining("model.onnx: sha256 is");
        assertThat(dir.resolve("out")).doesNotExist();
    }
}
