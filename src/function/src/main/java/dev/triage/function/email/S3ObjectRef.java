package dev.triage.function.email;

/**
 * One stored e-mail, as an S3 event notification names it.
 *
 * @param bucket    the bucket
 * @param key       the object key, URL-decoded ('+' is a space in notifications)
 * @param versionId the object version, or null in an unversioned bucket
 * @param eTag      the object's ETag, or null
 */
public record S3ObjectRef(String bucket, String key, String versionId, String eTag) {

    /**
     * The same for every delivery of the same stored object, different for a new upload under the
     * same key (new version, or new ETag): consumers of the result queue dedupe on it.
     */
    public String idempotencyKey() {
        String version = versionId != null && !versionId.isEmpty() ? "?versionId=" + versionId
                : eTag != null && !eTag.isEmpty() ? "?etag=" + eTag : "";
        return "s3://" + bucket + "/" + key + version;
    }
}
