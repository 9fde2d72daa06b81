package dev.triage.export;

/**
 * How a sequence of token vectors becomes one vector per text. The book's feature extraction takes
 * the [CLS] token's hidden state; sentence-transformers models such as MiniLM were trained for the
 * mean of the real (unmasked) tokens.
 */
public enum Pooling {
    /** Mean of the hidden states of real tokens; padding is masked out. */
    MEAN("mean"),
    /** Hidden state of the first token ([CLS]). */
    CLS("cls");

    private final String id;

    Pooling(String id) {
        this.id = id;
    }

    public String id() {
        return id;
    }

    public static Pooling fromId(String id) {
        for (Pooling pooling : values()) {
            if (pooling.id.equalsIgnoreCase(id)) {
                return pooling;
            }
        }
        throw new IllegalArgumentException("unknown pooling '" + id + "': expected mean or cls");
    }
}
