package dev.triage.export.quantize;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.core.bundle.BundleManifest;
import dev.triage.core.bundle.ModelBundle;
import dev.triage.core.bundle.Sha256;
import dev.triage.export.BundleWriter;
import dev.triage.export.OnnxProtos;
import dev.triage.export.StagedBundle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An fp32 bundle to its dynamic int8 twin: the graph rewritten by {@link DynamicInt8Quantizer},
 * config.json and tokenizer.json copied unchanged, and a triage.json that records the quantization
 * and the sha256 of the fp32 model it came from. Works on any bundle, a Hugging Face Optimum export
 * included. Everything is checked and built before anything is written, so a refused bundle leaves
 * nothing behind.
 */
public final class BundleQuantizer {

    /** Appended to the source's name: {@code emotion-minilm-finetuned} becomes {@code emotion-minilm-finetuned-int8}. */
    public static final String NAME_SUFFIX = "-int8";

    private static final ObjectMapper JSON = new ObjectMapper();

    private BundleQuantizer() {
    }

    /**
     * @param bundle       the written int8 bundle
     * @param report       what the rewrite did
     * @param sourceSha256 sha256 of the fp32 model.onnx
     * @param sourceBytes  size of the fp32 model.onnx
     */
    public record Quantized(ModelBundle bundle, QuantizationReport report, String sourceSha256, long sourceBytes) {

        public long bytes() {
            try {
                return Files.size(bundle.modelFile());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /**
     * Measures the staged int8 bundle before it is published: what it returns is merged into the
     * details of triage.json, which is then written once.
     */
    @FunctionalInterface
    public interface Measurement {
        ObjectNode measure(ModelBundle staged) throws IOException;
    }

    /** Quantizes and publishes, with nothing measured. */
    public static Quantized quantize(Path sourceDir, Path out, QuantizationOptions options) throws IOException {
        return quantize(sourceDir, out, options, staged -> JSON.createObjectNode());
    }

    /**
     * Quantizes, lets {@code measurement} open and evaluate the staged bundle (a report folder it
     * writes into the bundle's directory travels with it), then publishes with its figures: triage.json
     * is written once, and a failed measurement publishes nothing.
     */
    public static Quantized quantize(Path sourceDir, Path out, QuantizationOptions options, Measurement measurement)
            throws IOException {
        ModelBundle source = ModelBundle.load(sourceDir);
        Path target = out.toAbsolutePath().normalize();
        if (target.equals(source.directory()) || source.directory().startsWith(target)) {
            throw new IllegalArgumentException("cannot write the int8 bundle to " + target
                    + ": it would replace the fp32 bundle it is made from; choose another folder");
        }
        ObjectNode details = source.manifest().map(BundleManifest::details).orElseGet(JSON::createObjectNode);
        if (details.has("quantization")) {
            throw new NotQuantizableException(source.directory().resolve("triage.json") + ": the bundle is quantized already ("
                    + details.path("quantization").path("method").asText("quantization recorded")
                    + "); quantize its fp32 source instead");
        }
        ModelProto fp32 = readModel(source.modelFile());
        DynamicInt8Quantizer.Result result = DynamicInt8Quantizer.quantize(fp32, options, source.modelFile().toString());

        String sourceSha256 = Sha256.of(source.modelFile());
        long sourceBytes = Files.size(source.modelFile());
        ObjectNode quantization = result.report().toJson();
        ObjectNode from = quantization.putObject("source");
        from.put("model", source.id());
        from.put("modelSha256", sourceSha256);
        from.put("modelBytes", sourceBytes);
        if (details.has("metrics")) {
            from.set("metrics", details.get("metrics"));
        }
        // The fp32 model's metrics are not the int8 model's: they move under source until the int8
        // bundle is evaluated itself.
        details.remove("metrics");
        details.set("quantization", quantization);
        JsonNode config = JSON.readTree(source.directory().resolve("config.json").toFile());
        ModelBundle written;
        try (StagedBundle staged = BundleWriter.stage(target, result.model(), source.tokenizerFile(), config,
                int8Name(source.name()), source.version(), source.maxSequenceLength(), details)) {
            written = staged.publish(measurement.measure(staged.bundle()));
        }
        return new Quantized(written, result.report(), sourceSha256, sourceBytes);
    }

    /** Reads model.onnx, refusing a file that parses but holds no graph (protobuf accepts many byte strings). */
    static ModelProto readModel(Path file) throws IOException {
        ModelProto model;
        try {
            model = OnnxProtos.read(file);
        } catch (IOException e) {
            throw new NotQuantizableException(e.getMessage());
        }
        if (model.getIrVersion() <= 0 || !model.hasGraph() || model.getGraph().getNodeCount() == 0) {
            throw new NotQuantizableException(file + " is not an ONNX model: it holds no graph");
        }
        return model;
    }

    /** The int8 twin's name; a name taken from a folder (an Optimum export has no triage.json) is made valid first. */
    static String int8Name(String sourceName) {
        String valid = sourceName.replaceAll("[^A-Za-z0-9._-]", "-").replaceAll("^[._-]+", "");
        if (valid.isEmpty()) {
            valid = "model";
        }
        int room = 128 - NAME_SUFFIX.length();
        return (valid.length() > room ? valid.substring(0, room) : valid) + NAME_SUFFIX;
    }
}
