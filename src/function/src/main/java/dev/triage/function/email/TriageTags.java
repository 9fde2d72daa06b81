package dev.triage.function.email;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The tags Triage puts on a stored e-mail, merged into the object's own: S3 replaces an object's tag
 * set whole, so the others are read first and kept. The tags are written last, after the result
 * message is sent, so they also mark an object as done: a redelivered notification for an object
 * that already carries this model's tags sends nothing twice.
 */
public final class TriageTags {

    public static final String LABEL = "triage-label";
    public static final String SCORE = "triage-score";
    public static final String MODEL = "triage-model";
    /** S3's limit on tags per object. */
    static final int MAX_TAGS = 10;

    private TriageTags() {
    }

    /** Whether these tags show the object was already classified, and its result sent, by this model. */
    public static boolean doneBy(Map<String, String> tags, String modelId) {
        return modelId.equals(tags.get(MODEL)) && tags.containsKey(LABEL);
    }

    public static Map<String, String> merged(Map<String, String> existing, String label, float score, String modelId) {
        Map<String, String> tags = new LinkedHashMap<>(existing);
        tags.put(LABEL, label);
        tags.put(SCORE, String.format(Locale.ROOT, "%.4f", score));
        tags.put(MODEL, modelId);
        if (tags.size() > MAX_TAGS) {
            throw new IllegalStateException("the object has " + existing.size() + " tags of its own; with Triage's 3 that is over "
                    + "S3's limit of " + MAX_TAGS + " per object");
        }
        return tags;
    }
}
