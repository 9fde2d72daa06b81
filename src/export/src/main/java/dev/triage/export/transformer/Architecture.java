package dev.triage.export.transformer;

import java.util.Locale;

/**
 * The encoder families Triage trains, and the Hugging Face state-dict name of each weight, so that
 * parameters carry the names a {@code transformers} checkpoint uses. Both are post-LayerNorm
 * encoders: only the names, DistilBERT's lack of token types, and where the attention scale is
 * applied differ.
 */
public enum Architecture {
    BERT("bert"),
    DISTILBERT("distilbert");

    private final String modelType;

    Architecture(String modelType) {
        this.modelType = modelType;
    }

    /** Hugging Face's {@code model_type}. */
    public String modelType() {
        return modelType;
    }

    public static Architecture fromModelType(String modelType) {
        for (Architecture architecture : values()) {
            if (architecture.modelType.equals(modelType.toLowerCase(Locale.ROOT))) {
                return architecture;
            }
        }
        throw new IllegalArgumentException("model_type '" + modelType + "' is not supported; supported: bert, distilbert");
    }

    public boolean hasTokenTypes() {
        return this == BERT;
    }

    public String wordEmbeddings() {
        return "embeddings.word_embeddings.weight";
    }

    public String positionEmbeddings() {
        return "embeddings.position_embeddings.weight";
    }

    public String tokenTypeEmbeddings() {
        return "embeddings.token_type_embeddings.weight";
    }

    /** Embedding LayerNorm; append ".weight" or ".bias". */
    public String embeddingNorm() {
        return "embeddings.LayerNorm";
    }

    /** A layer's linear or norm module name; append ".weight" or ".bias". */
    public String layer(int index, Part part) {
        String prefix = this == BERT ? "encoder.layer." + index + "." : "transformer.layer." + index + ".";
        return prefix + (this == BERT ? part.bert : part.distilbert);
    }

    /** The modules of one encoder layer. */
    public enum Part {
        QUERY("attention.self.query", "attention.q_lin"),
        KEY("attention.self.key", "attention.k_lin"),
        VALUE("attention.self.value", "attention.v_lin"),
        ATTENTION_OUTPUT("attention.output.dense", "attention.out_lin"),
        ATTENTION_NORM("attention.output.LayerNorm", "sa_layer_norm"),
        INTERMEDIATE("intermediate.dense", "ffn.lin1"),
        OUTPUT("output.dense", "ffn.lin2"),
        OUTPUT_NORM("output.LayerNorm", "output_layer_norm");

        private final String bert;
        private final String distilbert;

        Part(String bert, String distilbert) {
            this.bert = bert;
            this.distilbert = distilbert;
        }
    }
}
