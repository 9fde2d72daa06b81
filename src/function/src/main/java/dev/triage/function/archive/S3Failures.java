package dev.triage.function.archive;

import dev.triage.function.email.S3ObjectRef;
import java.util.Optional;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * Which S3 failures belong to one item and which to the invocation. A 4xx answer (access denied, an
 * archived storage class, a bad key) will be the same on every retry: that item's error. A 5xx, a
 * throttle or a broken connection may pass: it fails the invocation, so that the Distributed Map
 * retries the batch (its results object is overwritten, and e-mails tagged on the first try are skipped).
 */
final class S3Failures {

    private S3Failures() {
    }

    static Optional<String> itemError(S3ObjectRef item, RuntimeException failure) {
        if (failure instanceof S3Exception s3 && s3.statusCode() >= 400 && s3.statusCode() < 500 && s3.statusCode() != 429) {
            String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
            return Optional.of(item.idempotencyKey() + ": S3 answered " + s3.statusCode() + (code == null ? "" : " " + code)
                    + (s3.statusCode() == 403 ? " (access denied: the function's role may not read it, or it is archived)" : ""));
        }
        return Optional.empty();
    }
}
