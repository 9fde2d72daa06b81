package dev.triage.function.email;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * The message sent to the result queue for each classified e-mail. Consumers dedupe on
 * {@code idempotencyKey}: SQS delivers at least once, and so may this function. {@code cuts} lists
 * what was cut from a message at a limit (a subject over 998 characters, parts beyond the limit);
 * it is absent for a message read whole.
 */
public record EmailResult(String outcome, String idempotencyKey, String bucket, String key, String versionId, String messageId,
                          String from, String subject, String label, float score, String model,
                          @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> cuts) {

    public static final String CLASSIFIED = "classified";

    public EmailResult(String idempotencyKey, String bucket, String key, String versionId, String messageId, String from,
                       String subject, String label, float score, String model, List<String> cuts) {
        this(CLASSIFIED, idempotencyKey, bucket, key, versionId, messageId, from, subject, label, score, model, cuts);
    }
}
