package dev.triage.core.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.core.TinyBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ModelBundleTest {

    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void loadsABundleWithItsManifest() {
        ModelBundle bundle = ModelBundle.load(TinyBundle.builder().writeTo(dir));
        assertThat(bundle.labels()).containsExactly("sadness", "joy", "love", "anger", "fear", "surprise");
        assertThat(bundle.id()).isEqualTo("tiny@3");
        assertThat(bundle.maxSequenceLength()).isEqualTo(16);
        assertThat(bundle.config().problemType()).isEqualTo(ProblemType.SINGLE_LABEL);
        assertThat(bundle.config().modelType()).isEqualTo("bert");
    }

    @Test
    void loadsAnOptimumExportUnchanged() {
        ModelBundle bundle = ModelBundle.load(TinyBundle.builder().withoutManifest().writeTo(dir.resolve("optimum-export")));
        assertThat(bundle.manifest()).isEmpty();
        assertThat(bundle.id()).isEqualTo("optimum-export@0");
        // No triage.json: the tokenizer's own truncation (128 for MiniLM) bounds the sequence.
        assertThat(bundle.maxSequenceLength()).isEqualTo(128);
    }

    @ParameterizedTest
    @ValueSource(strings = {"model.onnx", "config.json", "tokenizer.json"})
    void namesAMissingFile(String file) throws IOException {
        TinyBundle.builder().withoutManifest().writeTo(dir);
        Files.delete(dir.resolve(file));
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessageContaining(file + ": is missing")
                .satisfies(e -> assertThat(((InvalidBundleException) e).file()).isEqualTo(file));
    }

    @Test
    void namesAnEmptyFile() throws IOException {
        TinyBundle.builder().withoutManifest().writeTo(dir);
        Files.write(dir.resolve("model.onnx"), new byte[0]);
        assertThatThrownBy(() -> ModelBundle.load(dir)).hasMessageContaining("model.onnx: is empty");
    }

    @Test
    void namesBrokenJsonWithItsPosition() throws IOException {
        TinyBundle.builder().withoutManifest().writeTo(dir);
        Files.writeString(dir.resolve("config.json"), "{\"id2label\": {\"0\": \"a\",}");
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .hasMessageContaining("config.json: is not valid JSON")
                .hasMessageContaining("line 1");
    }

    @Test
    void rejectsMissingId2Label() throws IOException {
        editConfig(config -> {
            config.remove("id2label");
            config.remove("label2id");
        });
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .hasMessageContaining("config.json field 'id2label': is missing");
    }

    @Test
    void rejectsLabelIndicesWithAGap() throws IOException {
        editConfig(config -> {
            ObjectNode id2label = config.putObject("id2label");
            id2label.put("0", "ham");
            id2label.put("2", "spam");
            config.remove("label2id");
        });
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .hasMessageContaining("field 'id2label'")
                .hasMessageContaining("0..1 without gaps")
                .hasMessageContaining("missing 1");
    }

    @Test
    void rejectsANonIntegerLabelIndex() throws IOException {
        editConfig(config -> config.putObject("id2label").put("first", "ham"));
        assertThatThrownBy(() -> ModelBundle.load(dir)).hasMessageContaining("key 'first' is not an integer index");
    }

    @Test
    void rejectsDuplicateLabels() throws IOException {
        editConfig(config -> {
            ObjectNode id2label = config.putObject("id2label");
            id2label.put("0", "spam");
            id2label.put("1", "spam");
            config.remove("label2id");
        });
        assertThatThrownBy(() -> ModelBundle.load(dir)).hasMessageContaining("label 'spam' appears twice");
    }

    @Test
    void rejectsLabel2IdThatContradictsId2Label() throws IOException {
        editConfig(config -> config.with("label2id").put("joy", 5));
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .hasMessageContaining("field 'label2id'").hasMessageContaining("'joy' should map to 1");
    }

    @Test
    void rejectsRegression() throws IOException {
        editConfig(config -> config.put("problem_type", "regression"));
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .hasMessageContaining("field 'problem_type'").hasMessageContaining("'regression' is not supported");
    }

    @Test
    void readsMultiLabelProblemType() throws IOException {
        TinyBundle.builder().multiLabel().writeTo(dir);
        assertThat(ModelBundle.load(dir).config().problemType()).isEqualTo(ProblemType.MULTI_LABEL);
    }

    @Test
    void detectsAFileThatDiffersFromItsChecksum() throws IOException {
        TinyBundle.builder().writeTo(dir);
        byte[] model = Files.readAllBytes(dir.resolve("model.onnx"));
        model[model.length / 2] ^= 0x5a;
        Files.write(dir.resolve("model.onnx"), model);
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessageContaining("model.onnx: sha256 is")
                .hasMessageContaining("but triage.json files.model.onnx says");
    }

    @Test
    void requiresEveryFileInTheManifest() throws IOException {
        TinyBundle.builder().writeTo(dir);
        ObjectNode manifest = (ObjectNode) JSON.readTree(dir.resolve("triage.json").toFile());
        manifest.with("files").remove("tokenizer.json");
        JSON.writeValue(dir.resolve("triage.json").toFile(), manifest);
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .hasMessageContaining("triage.json field 'files.tokenizer.json': is missing");
    }

    @Test
    void rejectsAMalformedChecksum() throws IOException {
        TinyBundle.builder().writeTo(dir);
        ObjectNode manifest = (ObjectNode) JSON.readTree(dir.resolve("triage.json").toFile());
        manifest.with("files").put("model.onnx", "abc");
        JSON.writeValue(dir.resolve("triage.json").toFile(), manifest);
        assertThatThrownBy(() -> ModelBundle.load(dir))
                .hasMessageContaining("field 'files.model.onnx': must be 64 lower-case hex digits");
    }

    @Test
    void rejectsAFileOutsideTheBundle() throws IOException {
        TinyBundle.builder().writeTo(dir);
        ObjectNode manifest = (ObjectNode) JSON.readTree(dir.resolve("triage.json").toFile());
        manifest.with("files").put("../etc/passwd", "0".repeat(64));
        JSON.writeValue(dir.resolve("triage.json").toFile(), manifest);
        assertThatThrownBy(() -> ModelBundle.load(dir)).hasMessageContaining("must be a plain file name");
    }

    @Test
    void rejectsANonDirectory() {
        assertThatThrownBy(() -> ModelBundle.load(dir.resolve("nowhere")))
                .hasMessageContaining("does not exist or is not a directory");
    }

    private void editConfig(java.util.function.Consumer<ObjectNode> edit) throws IOException {
        TinyBundle.builder().withoutManifest().writeTo(dir);
        ObjectNode config = (ObjectNode) JSON.readTree(dir.resolve("config.json").toFile());
        edit.accept(config);
        JSON.writeValue(dir.resolve("config.json").toFile(), config);
    }
}
