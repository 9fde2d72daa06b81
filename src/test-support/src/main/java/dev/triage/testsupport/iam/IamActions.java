package dev.triage.testsupport.iam;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Which IAM requests an SDK operation makes, by operation: the action (the versioned one when the call
 * names a version), the resource ARN and the condition keys IAM sees. An operation not listed here is
 * refused with {@link UnmappedCallException}: a new kind of call must be mapped (with its source) before
 * the contract can pass.
 *
 * <p>Sources: "Required permissions for Amazon S3 API operations" (Amazon S3 User Guide); "Actions,
 * resources, and condition keys for Amazon S3" and "... for Amazon SQS" (Service Authorization
 * Reference). Notably: HeadObject needs s3:GetObject; ListObjects(V2) and HeadBucket need s3:ListBucket
 * on the bucket, with s3:prefix, s3:delimiter and s3:max-keys as condition keys; a request with a
 * versionId needs the ...Version action; PutObject with tags also needs s3:PutObjectTagging; the
 * multipart operations need s3:PutObject, except AbortMultipartUpload and ListParts.
 */
public final class IamActions {

    private IamActions() {
    }

    /** The requests the call makes; every one must be allowed. */
    public static List<AccessRequest> required(RecordedCall call, DeployedResource target) {
        return switch (call.service()) {
            case "S3" -> s3(call, (DeployedResource.S3) target);
            case "Sqs" -> sqs(call, (DeployedResource.Queue) target);
            default -> throw new UnmappedCallException("no IAM mapping for service " + call.service() + " (" + call.api()
                    + "): add it to " + IamActions.class.getName());
        };
    }

    /**
     * What S3 needs besides the call itself to answer a missing object with 404 rather than 403:
     * s3:ListBucket on the bucket, evaluated in the GetObject request's context (which has no s3:prefix).
     * The tests saw a 404 (NoSuchKey) for such calls; without this, AWS answers 403 AccessDenied.
     * Source: GetObject and HeadObject, "Permissions" (Amazon S3 API Reference).
     */
    public static AccessRequest notFoundNeeds(DeployedResource.S3 target) {
        return new AccessRequest("s3:ListBucket", target.bucketArn(), secure(Map.of()));
    }

    private static List<AccessRequest> s3(RecordedCall call, DeployedResource.S3 target) {
        boolean versioned = call.field("VersionId") != null;
        List<AccessRequest> requests = new ArrayList<>();
        switch (call.operation()) {
            case "GetObject", "HeadObject" -> requests.add(object(target, versioned ? "s3:GetObjectVersion" : "s3:GetObject"));
            case "GetObjectTagging" -> requests.add(object(target, versioned ? "s3:GetObjectVersionTagging" : "s3:GetObjectTagging"));
            case "PutObjectTagging" -> requests.add(object(target, versioned ? "s3:PutObjectVersionTagging" : "s3:PutObjectTagging"));
            case "DeleteObjectTagging" -> requests.add(object(target, versioned ? "s3:DeleteObjectVersionTagging" : "s3:DeleteObjectTagging"));
            case "DeleteObject" -> requests.add(object(target, versioned ? "s3:DeleteObjectVersion" : "s3:DeleteObject"));
            case "PutObject", "CompleteMultipartUpload" -> {
                Map<String, List<String>> keys = call.field("IfNoneMatch") != null ? Map.of("s3:if-none-match", List.of(call.field("IfNoneMatch")))
                        : Map.of();
                requests.add(new AccessRequest("s3:PutObject", target.objectArn(), secure(keys)));
                if (call.field("Tagging") != null) {
                    requests.add(object(target, "s3:PutObjectTagging"));
                }
                if (call.field("ACL") != null) {
                    requests.add(object(target, "s3:PutObjectAcl"));
                }
            }
            case "CreateMultipartUpload", "UploadPart" -> requests.add(object(target, "s3:PutObject"));
            case "AbortMultipartUpload" -> requests.add(object(target, "s3:AbortMultipartUpload"));
            case "ListParts" -> requests.add(object(target, "s3:ListMultipartUploadParts"));
            case "ListObjectsV2", "ListObjects" -> requests.add(list(call, target, "s3:ListBucket"));
            case "ListObjectVersions" -> requests.add(list(call, target, "s3:ListBucketVersions"));
            case "HeadBucket" -> requests.add(new AccessRequest("s3:ListBucket", target.bucketArn(), secure(Map.of())));
            default -> throw new UnmappedCallException("no IAM mapping for " + call.api() + ": add it to " + IamActions.class.getName()
                    + " with the permissions AWS documents for it");
        }
        return requests;
    }

    private static AccessRequest object(DeployedResource.S3 target, String action) {
        if (target.key() == null) {
            throw new UnmappedCallException(action + " without an object key");
        }
        return new AccessRequest(action, target.objectArn(), secure(Map.of()));
    }

    private static AccessRequest list(RecordedCall call, DeployedResource.S3 target, String action) {
        Map<String, List<String>> keys = new java.util.HashMap<>();
        if (target.prefix() != null) {
            keys.put("s3:prefix", List.of(target.prefix()));
        }
        if (call.field("Delimiter") != null) {
            keys.put("s3:delimiter", List.of(call.field("Delimiter")));
        }
        if (call.field("MaxKeys") != null) {
            keys.put("s3:max-keys", List.of(call.field("MaxKeys")));
        }
        return new AccessRequest(action, target.bucketArn(), secure(keys));
    }

    private static List<AccessRequest> sqs(RecordedCall call, DeployedResource.Queue queue) {
        String action = switch (call.operation()) {
            case "SendMessage", "SendMessageBatch" -> "sqs:SendMessage";
            case "ReceiveMessage" -> "sqs:ReceiveMessage";
            case "DeleteMessage", "DeleteMessageBatch" -> "sqs:DeleteMessage";
            case "ChangeMessageVisibility", "ChangeMessageVisibilityBatch" -> "sqs:ChangeMessageVisibility";
            case "GetQueueAttributes" -> "sqs:GetQueueAttributes";
            case "GetQueueUrl" -> "sqs:GetQueueUrl";
            default -> throw new UnmappedCallException("no IAM mapping for " + call.api() + ": add it to " + IamActions.class.getName()
                    + " with the permissions AWS documents for it");
        };
        return List.of(new AccessRequest(action, queue.arn(), secure(Map.of())));
    }

    /** Every call of the SDK on AWS goes over TLS: the buckets' TLS-only Deny must not apply. */
    private static Map<String, List<String>> secure(Map<String, List<String>> keys) {
        Map<String, List<String>> all = new java.util.HashMap<>(keys);
        all.put("aws:SecureTransport", List.of("true"));
        return all;
    }
}
