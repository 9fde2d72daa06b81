package dev.triage.function.email;

/**
 * The message sent to the result queue for each classified e-mail. Consumers dedupe on
 * {@code idempotencyKey}: SQS delivers at least once, and so may this function.
 */
public record EmailResult(String idempotencyKey, String bucket, String key, String versionId, String messageId,
                          String from, String subject, String label, float score, String model) {
}
