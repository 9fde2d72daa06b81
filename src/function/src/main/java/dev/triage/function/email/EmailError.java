package dev.triage.function.email;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The message sent to the result queue, in place of a result, for a record that can never succeed
 * ({@link PermanentFailure}): consumers see every e-mail once, classified or not, and why not.
 * {@code idempotencyKey} is the object's, as a result would have it, or {@code sqs-message:<id>}
 * for a queue message that names no object.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EmailError(String outcome, String idempotencyKey, String bucket, String key, String versionId, String error,
                         String message, String model) {

    public static final String ERROR = "error";

    static EmailError forObject(S3ObjectRef object, PermanentFailure failure, String model) {
        return new EmailError(ERROR, object.idempotencyKey(), object.bucket(), object.key(), object.versionId(),
                failure.kind().word(), failure.getMessage(), model);
    }

    static EmailError forMessage(String sqsMessageId, PermanentFailure failure, String model) {
        return new EmailError(ERROR, "sqs-message:" + sqsMessageId, null, null, null, failure.kind().word(), failure.getMessage(), model);
    }
}
