package dev.triage.testsupport.iam;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One AWS call the code made under test, as {@link dev.triage.testsupport.aws.AwsCallRecorder} wrote it:
 * service and operation as the SDK names them, the request fields that decide the IAM action and
 * resource, the production code that made it, the Funqy export it ran under (if any), and its outcome
 * ({@code ok}, an HTTP status, or {@code client-error}).
 */
public record RecordedCall(String service, String operation, Map<String, String> fields, String caller, String export, String outcome,
        String errorCode) {

    public static RecordedCall parse(JsonNode line) {
        Map<String, String> fields = new LinkedHashMap<>();
        line.fields().forEachRemaining(field -> fields.put(field.getKey(), field.getValue().isNull() ? null : field.getValue().asText()));
        return new RecordedCall(fields.remove("service"), fields.remove("operation"), fields, fields.remove("caller"), fields.remove("export"),
                fields.remove("outcome"), fields.remove("errorCode"));
    }

    public String field(String name) {
        return fields.get(name);
    }

    /** Service and operation, e.g. "S3 GetObjectTagging". */
    public String api() {
        return service + " " + operation;
    }

    /** The stand-in resource the test used: s3://bucket/key or the queue URL. */
    public String standIn() {
        if (field("QueueUrl") != null) {
            return field("QueueUrl");
        }
        String bucket = field("Bucket");
        if (bucket == null) {
            return "(no resource)";
        }
        String key = field("Key") != null ? field("Key") : field("Prefix") != null ? field("Prefix") + " (prefix)" : "";
        return "s3://" + bucket + "/" + key;
    }

    /** This call as it is made on a versioned bucket, where the S3 event names the object's version. */
    public RecordedCall onVersionedBucket() {
        Map<String, String> versioned = new LinkedHashMap<>(fields);
        versioned.put("VersionId", "(the version an S3 event names)");
        return new RecordedCall(service, operation, versioned, caller + " on a versioned bucket", export, outcome, errorCode);
    }

    public boolean notFound() {
        return "404".equals(outcome) || "NoSuchKey".equals(errorCode);
    }
}
