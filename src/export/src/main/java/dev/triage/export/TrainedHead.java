package dev.triage.export;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.core.bundle.ProblemType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A head trained on frozen encoder features, with all that is needed to rebuild its bundle from
 * the same encoder: {@code head.json}. It is small (a few tens of kB), so a model made of a public
 * encoder and a trained head can be committed and assembled at build time.
 *
 * @param spec           the bundle's name, version, labels, problem type, length and details
 * @param baseModel      the encoder's name
 * @param baseModelSha256 sha256 of the encoder's ONNX file; assembly refuses any other encoder
 * @param pooling        how token vectors become the head's input
 * @param head           the linear head's weights
 */
public record TrainedHead(BundleSpec spec, String baseModel, String baseModelSha256, Pooling pooling, LinearHead head) {

    public static final String FORMAT = "triage-head/1";

    public TrainedHead {
        if (head.labels() != spec.labels().size()) {
            throw new IllegalArgumentException("head has " + head.labels() + " outputs for " + spec.labels().size() + " labels");
        }
    }

    public void write(Path file) throws IOException {
        ObjectNode root = BundleWriter.JSON.createObjectNode();
        root.put("format", FORMAT);
        root.put("name", spec.name());
        root.put("version", spec.version());
        root.put("modelType", spec.modelType());
        root.put("baseModel", baseModel);
        root.put("baseModelSha256", baseModelSha256);
        root.put("pooling", pooling.id());
        root.put("maxSequenceLength", spec.maxSequenceLength());
        root.put("problemType", spec.problemType().configValue());
        ArrayNode labels = root.putArray("labels");
        spec.labels().forEach(labels::add);
        ArrayNode weight = root.putArray("weight");
        for (float[] row : head.weight()) {
            ArrayNode values = weight.addArray();
            for (float v : row) {
                values.add(v);
            }
        }
        ArrayNode bias = root.putArray("bias");
        for (float v : head.bias()) {
            bias.add(v);
        }
        root.set("details", spec.details());
        BundleWriter.JSON.writeValue(file.toFile(), root);
    }

    public static TrainedHead read(Path file) throws IOException {
        JsonNode root = BundleWriter.JSON.readTree(file.toFile());
        if (!FORMAT.equals(root.path("format").asText())) {
            throw new IOException(file + ": field 'format' must be '" + FORMAT + "', is " + root.get("format"));
        }
        List<String> labels = new ArrayList<>();
        root.path("labels").forEach(l -> labels.add(l.asText()));
        ProblemType problemType = ProblemType.fromConfigValue(root.path("problemType").asText());
        if (problemType == null) {
            throw new IOException(file + ": field 'problemType' is " + root.get("problemType"));
        }
        float[][] weight = new float[root.path("weight").size()][];
        for (int i = 0; i < weight.length; i++) {
            weight[i] = floats(root.path("weight").get(i));
        }
        JsonNode details = root.path("details");
        BundleSpec spec = new BundleSpec(require(root, "name", file), require(root, "version", file),
                require(root, "modelType", file), labels, problemType, root.path("maxSequenceLength").asInt(),
                details.isObject() ? (ObjectNode) details : BundleWriter.JSON.createObjectNode());
        try {
            return new TrainedHead(spec, require(root, "baseModel", file), require(root, "baseModelSha256", file),
                    Pooling.fromId(require(root, "pooling", file)), new LinearHead(weight, floats(root.path("bias"))));
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static String require(JsonNode root, String field, Path file) throws IOException {
        JsonNode value = root.get(field);
        if (value == null || !value.isValueNode() || value.asText().isEmpty()) {
            throw new IOException(file + ": field '" + field + "' is missing");
        }
        return value.asText();
    }

    private static float[] floats(JsonNode array) {
        float[] values = new float[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) array.get(i).asDouble();
        }
        return values;
    }
}
