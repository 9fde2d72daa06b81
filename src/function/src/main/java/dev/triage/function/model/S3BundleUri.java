package dev.triage.function.model;

/**
 * An {@code s3://bucket/prefix/} bundle location: the bundle's files are {@code prefix + file name}.
 *
 * @param bucket the bucket
 * @param prefix the key prefix, ending in '/' (or empty for the bucket's root)
 */
public record S3BundleUri(String bucket, String prefix) {

    public static final String SCHEME = "s3://";

    public static boolean matches(String location) {
        return location.startsWith(SCHEME);
    }

    public static S3BundleUri parse(String location) {
        if (!matches(location)) {
            throw new IllegalArgumentException("not an s3:// location: " + location);
        }
        String rest = location.substring(SCHEME.length());
        int slash = rest.indexOf('/');
        String bucket = slash < 0 ? rest : rest.substring(0, slash);
        String prefix = slash < 0 ? "" : rest.substring(slash + 1);
        if (bucket.isBlank()) {
            throw new IllegalArgumentException("model location " + location + " names no bucket: use s3://bucket/prefix/");
        }
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/"; // a bundle is a folder: s3://b/models/x means s3://b/models/x/
        }
        return new S3BundleUri(bucket, prefix);
    }

    public String key(String file) {
        return prefix + file;
    }

    @Override
    public String toString() {
        return SCHEME + bucket + "/" + prefix;
    }
}
