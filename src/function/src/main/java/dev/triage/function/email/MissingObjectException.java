package dev.triage.function.email;

/**
 * The stored object a caller named is not there (deleted, or not yet visible). {@code classifyEmail}
 * lets it fail the record, which is retried and, if the object stays missing, dead-lettered; the
 * archive job reports it as that item's error.
 */
public final class MissingObjectException extends IllegalStateException {

    public MissingObjectException(S3ObjectRef ref, Throwable cause) {
        super(ref.idempotencyKey() + " does not exist (deleted, or not yet visible)", cause);
    }
}
