package dev.triage.trainer.encoder;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.export.transformer.Architecture;
import dev.triage.export.transformer.Tensor;
import dev.triage.export.transformer.TransformerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * Writes a tiny, randomly initialised BERT or DistilBERT checkpoint in Hugging Face's layout
 * (config.json, model.safetensors with the model-type prefix and an unused masked-LM head, as a
 * transformers checkpoint has them, tokenizer.json): small enough to train in seconds, real
 * enough that loading, training and export are exercised end to end.
 */
public final class TinyCheckpoint {

    private TinyCheckpoint() {
    }

    public static Path write(Path dir, Architecture architecture, long seed) {
        try {
            Files.createDirectories(dir);
            ObjectNode config = new ObjectMapper().createObjectNode();
            config.put("model_type", architecture.modelType());
            config.put("vocab_size", 30522);
            config.put("max_position_embeddings", 64);
            if (architecture == Architecture.DISTILBERT) {
                config.put("dim", 32).put("n_layers", 2).put("n_heads", 4).put("hidden_dim", 64)
                        .put("dropout", 0.1).put("attention_dropout", 0.1).put("activation", "gelu");
            } else {
                config.put("hidden_size", 32).put("num_hidden_layers", 2).put("num_attention_heads", 4)
                        .put("intermediate_size", 64).put("type_vocab_size", 2).put("layer_norm_eps", 1e-12)
                        .put("hidden_dropout_prob", 0.1).put("attention_probs_dropout_prob", 0.1).put("hidden_act", "gelu");
            }
            new ObjectMapper().writeValue(dir.resolve("config.json").toFile(), config);
            TransformerConfig parsed = TransformerConfig.parse(config);
            Random random = new Random(seed);
            Map<String, Tensor> weights = new LinkedHashMap<>();
            for (Map.Entry<String, long[]> entry : TransformerEncoder.expectedShapes(parsed).entrySet()) {
                long size = 1;
                for (long d : entry.getValue()) {
                    size *= d;
                }
                float[] values = new float[(int) size];
                boolean norm = entry.getKey().contains("LayerNorm") || entry.getKey().contains("layer_norm");
                for (int i = 0; i < values.length; i++) {
                    if (norm) {
                        values[i] = entry.getKey().endsWith(".weight") ? 1f : 0f;
                    } else if (!entry.getKey().endsWith(".bias")) {
                        values[i] = (float) (random.nextGaussian() * 0.02);
                    }
                }
                weights.put(architecture.modelType() + "." + entry.getKey(), new Tensor(entry.getValue(), values));
            }
            // a masked-LM head, as distilbert-base-uncased ships one: not part of the encoder, ignored
            weights.put("vocab_transform.weight", new Tensor(new long[] {32, 32}, new float[32 * 32]));
            Safetensors.write(dir.resolve("model.safetensors"), weights, Map.of("format", "pt"));
            try (InputStream tokenizer = TinyCheckpoint.class.getClassLoader().getResourceAsStream("all-minilm-l6-v2-tokenizer.json")) {
                Files.copy(tokenizer, dir.resolve("tokenizer.json"));
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
