package dev.triage.export.transformer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The shape of an encoder, read from a Hugging Face {@code config.json} (BERT's and DistilBERT's
 * field names both understood).
 */
public record TransformerConfig(Architecture architecture, int vocabSize, int hiddenSize, int layers, int heads,
                                int intermediateSize, int maxPositions, int typeVocabSize, float layerNormEps,
                                float hiddenDropout, float attentionDropout) {

    public TransformerConfig {
        if (hiddenSize % heads != 0) {
            throw new IllegalArgumentException("hidden size " + hiddenSize + " is not a multiple of " + heads + " heads");
        }
    }

    public int headSize() {
        return hiddenSize / heads;
    }

    public static TransformerConfig read(Path configJson) throws IOException {
        try {
            return parse(new ObjectMapper().readTree(configJson.toFile()));
        } catch (IllegalArgumentException e) {
            throw new IOException(configJson + ": " + e.getMessage(), e);
        }
    }

    public static TransformerConfig parse(JsonNode config) {
        String modelType = config.path("model_type").asText(null);
        if (modelType == null) {
            throw new IllegalArgumentException("field 'model_type' is missing");
        }
        Architecture architecture = Architecture.fromModelType(modelType);
        if (architecture == Architecture.DISTILBERT) {
            String activation = config.path("activation").asText("gelu");
            requireGelu(activation, "activation");
            if (config.path("sinusoidal_pos_embds").asBoolean(false)) {
                throw new IllegalArgumentException("field 'sinusoidal_pos_embds': sinusoidal position embeddings are not supported");
            }
            return new TransformerConfig(architecture, required(config, "vocab_size"), required(config, "dim"),
                    required(config, "n_layers"), required(config, "n_heads"), required(config, "hidden_dim"),
                    required(config, "max_position_embeddings"), 0, 1e-12f,
                    (float) config.path("dropout").asDouble(0.1), (float) config.path("attention_dropout").asDouble(0.1));
        }
        requireGelu(config.path("hidden_act").asText("gelu"), "hidden_act");
        String positions = config.path("position_embedding_type").asText("absolute");
        if (!positions.equals("absolute")) {
            throw new IllegalArgumentException("field 'position_embedding_type' is '" + positions + "'; only absolute is supported");
        }
        return new TransformerConfig(architecture, required(config, "vocab_size"), required(config, "hidden_size"),
                required(config, "num_hidden_layers"), required(config, "num_attention_heads"),
                required(config, "intermediate_size"), required(config, "max_position_embeddings"),
                config.path("type_vocab_size").asInt(2), (float) config.path("layer_norm_eps").asDouble(1e-12),
                (float) config.path("hidden_dropout_prob").asDouble(0.1),
                (float) config.path("attention_probs_dropout_prob").asDouble(0.1));
    }

    /** config.json as transformers writes it, for bundles and checkpoints. */
    public ObjectNode toJson() {
        ObjectNode json = new ObjectMapper().createObjectNode();
        json.put("model_type", architecture.modelType());
        json.put("vocab_size", vocabSize);
        json.put("max_position_embeddings", maxPositions);
        if (architecture == Architecture.DISTILBERT) {
            json.put("dim", hiddenSize);
            json.put("n_layers", layers);
            json.put("n_heads", heads);
            json.put("hidden_dim", intermediateSize);
            json.put("activation", "gelu");
            json.put("dropout", hiddenDropout);
            json.put("attention_dropout", attentionDropout);
        } else {
            json.put("hidden_size", hiddenSize);
            json.put("num_hidden_layers", layers);
            json.put("num_attention_heads", heads);
            json.put("intermediate_size", intermediateSize);
            json.put("type_vocab_size", typeVocabSize);
            json.put("layer_norm_eps", layerNormEps);
            json.put("hidden_act", "gelu");
            json.put("hidden_dropout_prob", hiddenDropout);
            json.put("attention_probs_dropout_prob", attentionDropout);
        }
        return json;
    }

    private static void requireGelu(String activation, String field) {
        if (!activation.equals("gelu")) {
            throw new IllegalArgumentException("field '" + field + "' is '" + activation + "'; only gelu (erf) is supported");
        }
    }

    private static int required(JsonNode config, String field) {
        JsonNode value = config.get(field);
        if (value == null || !value.canConvertToInt() || value.asInt() <= 0) {
            throw new IllegalArgumentException("field '" + field + "' must be a positive integer, is " + value);
        }
        return value.asInt();
    }
}
