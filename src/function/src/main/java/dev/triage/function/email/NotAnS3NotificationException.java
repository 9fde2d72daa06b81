package dev.triage.function.email;

/**
 * A queue message that is not an S3 event notification. Reading it again cannot change that: it is a
 * permanent failure, recorded once as an error result and acknowledged.
 */
public final class NotAnS3NotificationException extends RuntimeException {

    public NotAnS3NotificationException(String message) {
        super(message);
    }
}
