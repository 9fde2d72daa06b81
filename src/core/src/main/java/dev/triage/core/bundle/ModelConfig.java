package dev.triage.core.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The parts of a Hugging Face {@code config.json} that serving needs: the label names in logit
 * order, the problem type, and the model type. Everything else in the file is left alone, so a
 * config written by {@code transformers} or Optimum loads unchanged.
 */
public final class ModelConfig {

    private final String modelType;
    private final List<String> labels;
    private final ProblemType problemType;
    private final Integer maxPositionEmbeddings;

    public ModelConfig(String modelType, List<String> labels, ProblemType problemType, Integer maxPositionEmbeddings) {
        this.modelType = modelType;
        this.labels = List.copyOf(labels);
        this.problemType = problemType;
        this.maxPositionEmbeddings = maxPositionEmbeddings;
    }

    /** Reads and validates a parsed config.json; {@code bundle} only names the bundle in errors. */
    public static ModelConfig parse(Path bundle, JsonNode root) {
        if (root == null || !root.isObject()) {
            throw invalid(bundle, null, "must be a JSON object");
        }
        String modelType = root.path("model_type").isTextual() ? root.get("model_type").asText() : "unknown";
        List<String> labels = parseId2Label(bundle, root.get("id2label"));
        checkLabel2Id(bundle, root.get("label2id"), labels);
        ProblemType problemType = parseProblemType(bundle, root.get("problem_type"));
        JsonNode positions = root.get("max_position_embeddings");
        Integer maxPositions = positions != null && positions.canConvertToInt() && positions.asInt() > 0
                ? positions.asInt() : null;
        return new ModelConfig(modelType, labels, problemType, maxPositions);
    }

    private static List<String> parseId2Label(Path bundle, JsonNode id2label) {
        if (id2label == null || id2label.isNull()) {
            throw invalid(bundle, "id2label", "is missing: a classifier bundle must name its labels");
        }
        if (!id2label.isObject() || id2label.isEmpty()) {
            throw invalid(bundle, "id2label", "must be a non-empty object of \"index\": \"label\"");
        }
        Map<Integer, String> byIndex = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = id2label.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> entry = fields.next();
            int index;
            try {
                index = Integer.parseInt(entry.getKey());
            } catch (NumberFormatException e) {
                throw invalid(bundle, "id2label", "key '" + entry.getKey() + "' is not an integer index");
            }
            JsonNode label = entry.getValue();
            if (!label.isTextual() || label.asText().isBlank()) {
                throw invalid(bundle, "id2label", "label of index " + index + " must be a non-empty string");
            }
            byIndex.put(index, label.asText());
        }
        List<String> labels = new ArrayList<>(byIndex.size());
        int expected = 0;
        for (Map.Entry<Integer, String> entry : byIndex.entrySet()) {
            if (entry.getKey() != expected) {
                throw invalid(bundle, "id2label", "indices must be 0.." + (byIndex.size() - 1)
                        + " without gaps, but " + (entry.getKey() < expected ? "found " : "missing ") + expected
                        + " (indices present: " + byIndex.keySet() + ")");
            }
            labels.add(entry.getValue());
            expected++;
        }
        Set<String> seen = new HashSet<>();
        for (String label : labels) {
            if (!seen.add(label)) {
                throw invalid(bundle, "id2label", "label '" + label + "' appears twice");
            }
        }
        return labels;
    }

    private static void checkLabel2Id(Path bundle, JsonNode label2id, List<String> labels) {
        if (label2id == null || label2id.isNull()) {
            return;
        }
        if (!label2id.isObject()) {
            throw invalid(bundle, "label2id", "must be an object of \"label\": index");
        }
        if (label2id.size() != labels.size()) {
            throw invalid(bundle, "label2id", "has " + label2id.size() + " labels but id2label has " + labels.size());
        }
        for (int i = 0; i < labels.size(); i++) {
            JsonNode index = label2id.get(labels.get(i));
            if (index == null || !index.canConvertToInt() || index.asInt() != i) {
                throw invalid(bundle, "label2id", "label '" + labels.get(i) + "' should map to " + i
                        + " as in id2label, but maps to " + index);
            }
        }
    }

    private static ProblemType parseProblemType(Path bundle, JsonNode node) {
        if (node == null || node.isNull()) {
            return ProblemType.SINGLE_LABEL; // transformers' default for integer class labels
        }
        ProblemType type = node.isTextual() ? ProblemType.fromConfigValue(node.asText()) : null;
        if (type == null) {
            throw invalid(bundle, "problem_type", "'" + node.asText() + "' is not supported; expected "
                    + ProblemType.SINGLE_LABEL.configValue() + " or " + ProblemType.MULTI_LABEL.configValue());
        }
        return type;
    }

    private static InvalidBundleException invalid(Path bundle, String field, String problem) {
        return new InvalidBundleException(bundle, BundleFiles.CONFIG, field, problem);
    }

    public String modelType() {
        return modelType;
    }

    /** Label names, in the order of the logits. */
    public List<String> labels() {
        return Collections.unmodifiableList(labels);
    }

    public ProblemType problemType() {
        return problemType;
    }

    /** The encoder's position limit, when the config states one. */
    public Integer maxPositionEmbeddings() {
        return maxPositionEmbeddings;
    }
}
