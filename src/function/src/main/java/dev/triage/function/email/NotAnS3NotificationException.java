package dev.triage.function.email;

/**
 * A queue message that is not an S3 event notification. It fails its record like any other error,
 * so after the queue's receive limit it rests in the dead-letter queue for someone to look at.
 */
public final class NotAnS3NotificationException extends RuntimeException {

    public NotAnS3NotificationException(String message) {
        super(message);
    }
}
