package dev.triage.function.email;

/**
 * A record that can never succeed, however often it is retried: recorded once (an error result on
 * the output queue, a {@code triage-error} tag where there is an object) and acknowledged.
 */
public final class PermanentFailure extends RuntimeException {

    /** Why, as a short stable word: the {@code triage-error} tag's value and the error result's {@code error}. */
    public enum Kind {
        NOT_A_NOTIFICATION("not-an-s3-notification"),
        TOO_LARGE("too-large"),
        UNREADABLE("unreadable-mime"),
        TOO_MANY_TAGS("too-many-tags"),
        INVALID_TAG("invalid-tag"),
        RESULT_TOO_LARGE("result-too-large"),
        OVER_BUDGET("over-time-budget");

        private final String word;

        Kind(String word) {
            this.word = word;
        }

        public String word() {
            return word;
        }
    }

    private final Kind kind;

    public PermanentFailure(Kind kind, String message) {
        super(message, null, false, false); // a verdict on the input, not a fault of ours: no stack trace
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public String toString() {
        return "PermanentFailure(" + kind.word() + "): " + getMessage();
    }
}
