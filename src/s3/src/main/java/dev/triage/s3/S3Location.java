package dev.triage.s3;

import java.net.URI;

/**
 * An {@code s3://bucket/key} address, the one form every S3 location of Triage takes (the function's
 * model locations, the trainer's recipes, data, bundles and checkpoints). A key ending in '/' (or
 * empty) names a prefix, a "folder".
 */
public record S3Location(String bucket, String key) {

    public static final String SCHEME = "s3://";

    public static boolean isS3(String location) {
        return location != null && location.startsWith(SCHEME);
    }

    /** Parses an address; the bucket must be a valid S3 bucket name, and the message says which part is wrong. */
    public static S3Location parse(String location) {
        if (!isS3(location)) {
            throw new IllegalArgumentException("not an s3:// address: " + location);
        }
        String rest = location.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String key = slash < 0 ? "" : rest.substring(slash + 1);
        if (bucket.isBlank()) {
            throw new IllegalArgumentException(location + " names no bucket: use s3://bucket/prefix/");
        }
        if (!bucket.matches("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]")) {
            throw new IllegalArgumentException("'" + bucket + "' in " + location + " is not a valid S3 bucket name");
        }
        return new S3Location(bucket, key);
    }

    /** This location as a prefix (ending in '/'): a bundle is a folder, s3://b/models/x means s3://b/models/x/. */
    public S3Location asPrefix() {
        return key.isEmpty() || key.endsWith("/") ? this : new S3Location(bucket, key + "/");
    }

    /** A key under this prefix, or relative to the "folder" of this object. */
    public S3Location resolve(String relative) {
        String base = key.endsWith("/") || key.isEmpty() ? key : key.substring(0, key.lastIndexOf('/') + 1);
        return new S3Location(bucket, URI.create("x:/" + base).resolve(relative).getPath().substring(1));
    }

    /** The last path segment of the key. */
    public String fileName() {
        String trimmed = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
        return trimmed.substring(trimmed.lastIndexOf('/') + 1);
    }

    @Override
    public String toString() {
        return SCHEME + bucket + "/" + key;
    }
}
