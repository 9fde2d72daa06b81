package dev.triage.function.email;

import dev.triage.function.http.Quote;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The tags Triage puts on a stored e-mail, merged into the object's own: S3 replaces an object's tag
 * set whole, so the others are read first and kept. The tags are written last, after the result
 * message is sent, so they also mark an object as done: a redelivered notification for an object
 * that already carries this model's tags, or a {@code triage-error}, sends nothing twice.
 *
 * <p>S3's rules are checked here, before anything is sent or written (S3 would refuse the tag set
 * after the result had gone out): at most {@value #MAX_TAGS} tags per object, keys of 1 to
 * {@value #MAX_KEY_CHARS} and values of at most {@value #MAX_VALUE_CHARS} Unicode characters, made of
 * letters, digits, spaces and {@code + - = . _ : / @}.
 */
public final class TriageTags {

    public static final String LABEL = "triage-label";
    public static final String SCORE = "triage-score";
    public static final String MODEL = "triage-model";
    public static final String ERROR = "triage-error";
    /** S3's limits on an object's tags. */
    static final int MAX_TAGS = 10;
    static final int MAX_KEY_CHARS = 128;
    static final int MAX_VALUE_CHARS = 256;
    private static final Pattern ALLOWED = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");

    private TriageTags() {
    }

    /** Whether these tags show the object was already classified, and its result sent, by this model. */
    public static boolean doneBy(Map<String, String> tags, String modelId) {
        return modelId.equals(tags.get(MODEL)) && tags.containsKey(LABEL);
    }

    /** Whether these tags show the object was already recorded as a permanent failure. */
    public static boolean failed(Map<String, String> tags) {
        return tags.containsKey(ERROR);
    }

    /**
     * Fails with {@link PermanentFailure.Kind#TOO_MANY_TAGS} where the object's own tags leave no room
     * for Triage's three: checked as soon as the tags are read, before any work.
     */
    public static void checkRoom(Map<String, String> existing) {
        long own = existing.keySet().stream().filter(key -> !key.equals(LABEL) && !key.equals(SCORE) && !key.equals(MODEL)
                && !key.equals(ERROR)).count();
        if (own + 3 > MAX_TAGS) {
            throw new PermanentFailure(PermanentFailure.Kind.TOO_MANY_TAGS, "the object has " + own + " tags of its own; with Triage's 3 "
                    + "that is " + (own + 3) + ", over S3's limit of " + MAX_TAGS + " per object");
        }
    }

    /** The object's tags with this result's, Triage's checked against S3's rules (the object's own S3 accepted already). */
    public static Map<String, String> merged(Map<String, String> existing, String label, float score, String modelId) {
        checkRoom(existing);
        Map<String, String> tags = new LinkedHashMap<>(existing);
        tags.remove(ERROR);
        tags.put(LABEL, label);
        tags.put(SCORE, String.format(Locale.ROOT, "%.4f", score));
        tags.put(MODEL, modelId);
        for (String key : new String[] {LABEL, SCORE, MODEL}) {
            check(key, tags.get(key));
        }
        return tags;
    }

    /** The object's tags with {@code triage-error}; empty where the object has no room left for it. */
    public static Optional<Map<String, String>> withError(Map<String, String> existing, PermanentFailure.Kind kind) {
        Map<String, String> tags = new LinkedHashMap<>(existing);
        tags.put(ERROR, kind.word());
        return tags.size() > MAX_TAGS ? Optional.empty() : Optional.of(tags);
    }

    /** A value that S3 refuses as a tag, or null: for the model's labels and id, checked at start-up. */
    public static String problem(String key, String value) {
        if (key.isEmpty() || key.codePointCount(0, key.length()) > MAX_KEY_CHARS) {
            return "tag key " + Quote.of(key) + " is not 1 to " + MAX_KEY_CHARS + " characters long";
        }
        if (value.codePointCount(0, value.length()) > MAX_VALUE_CHARS) {
            return "tag " + key + "'s value " + Quote.of(value) + " is over " + MAX_VALUE_CHARS + " characters";
        }
        if (!ALLOWED.matcher(key).matches() || !ALLOWED.matcher(value).matches()) {
            return "tag " + Quote.of(key) + "=" + Quote.of(value) + " has a character S3 does not allow in tags (letters, digits, "
                    + "spaces and + - = . _ : / @ only)";
        }
        return null;
    }

    private static void check(String key, String value) {
        String problem = problem(key, value);
        if (problem != null) {
            throw new PermanentFailure(PermanentFailure.Kind.INVALID_TAG, problem);
        }
    }
}
