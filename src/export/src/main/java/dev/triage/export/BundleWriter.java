package dev.triage.export;

import dev.triage.core.files.Folders;
import ai.onnx.proto.OnnxMl.ModelProto;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.core.bundle.BundleFiles;
import dev.triage.core.bundle.BundleManifest;
import dev.triage.core.bundle.ModelBundle;
import dev.triage.core.bundle.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Writes a model bundle: model.onnx, a Hugging Face config.json, tokenizer.json and triage.json with
 * every file's sha256. The bundle is assembled in a sibling folder and moved into place at the end,
 * so a reader never sees half a bundle; it is then loaded back to prove it valid. A trainer stages
 * the bundle, evaluates it there, and publishes it with its measurements in one triage.json.
 */
public final class BundleWriter {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private BundleWriter() {
    }

    /** Writes a complete bundle to {@code out} and loads it back. */
    public static ModelBundle write(Path out, ModelProto model, Path tokenizerJson, BundleSpec spec) throws IOException {
        try (StagedBundle staged = stage(out, model, tokenizerJson, spec)) {
            return staged.publish(JSON.createObjectNode());
        }
    }

    /**
     * Writes model.onnx, tokenizer.json and config.json to a staging folder beside {@code out} and
     * hashes them; triage.json is written once, by {@link StagedBundle#publish}, after the caller has
     * measured the staged bundle, and only then does the folder move into place.
     */
    public static StagedBundle stage(Path out, ModelProto model, Path tokenizerJson, BundleSpec spec) throws IOException {
        return stage(out, model, tokenizerJson, huggingFaceConfig(spec), spec.name(), spec.version(), spec.maxSequenceLength(),
                spec.details());
    }

    /**
     * Stages a bundle with a given config.json, such as a quantized copy of another bundle, which keeps
     * its source's config (an Optimum export's carries more than Triage writes).
     */
    public static StagedBundle stage(Path out, ModelProto model, Path tokenizerJson, JsonNode config, String name,
                                     String version, int maxSequenceLength, ObjectNode details) throws IOException {
        Path target = out.toAbsolutePath().normalize();
        refuseToOverwriteForeignFolder(target);
        Files.createDirectories(target.getParent());
        Path staging = target.resolveSibling(target.getFileName() + ".tmp-" + UUID.randomUUID());
        Files.createDirectories(staging);
        try {
            OnnxProtos.write(model, staging.resolve(BundleFiles.MODEL));
            Files.copy(tokenizerJson, staging.resolve(BundleFiles.TOKENIZER));
            JSON.writeValue(staging.resolve(BundleFiles.CONFIG).toFile(), config);
            Map<String, String> sums = new LinkedHashMap<>();
            for (String file : BundleFiles.REQUIRED) {
                sums.put(file, Sha256.of(staging.resolve(file)));
            }
            BundleManifest manifest = new BundleManifest(name, version, maxSequenceLength, sums, details);
            return new StagedBundle(staging, target, manifest);
        } catch (IOException | RuntimeException e) {
            Folders.deleteRecursively(staging);
            throw e;
        }
    }

    /** config.json as transformers writes it for a sequence classifier. */
    static ObjectNode huggingFaceConfig(BundleSpec spec) {
        ObjectNode config = JSON.createObjectNode();
        config.put("model_type", spec.modelType());
        ObjectNode id2label = config.putObject("id2label");
        ObjectNode label2id = config.putObject("label2id");
        for (int i = 0; i < spec.labels().size(); i++) {
            id2label.put(Integer.toString(i), spec.labels().get(i));
            label2id.put(spec.labels().get(i), i);
        }
        config.put("num_labels", spec.labels().size());
        config.put("problem_type", spec.problemType().configValue());
        return config;
    }

    static void refuseToOverwriteForeignFolder(Path target) throws IOException {
        if (!Files.exists(target)) {
            return;
        }
        if (!Files.isDirectory(target)) {
            throw new IOException("cannot write a bundle to " + target + ": it is a file");
        }
        try (Stream<Path> entries = Files.list(target)) {
            boolean empty = entries.findAny().isEmpty();
            if (!empty && !Files.exists(target.resolve(BundleFiles.MANIFEST))) {
                throw new IOException("cannot write a bundle to " + target
                        + ": the folder is not empty and holds no bundle (no triage.json); choose another folder");
            }
        }
    }
}
