package dev.triage.core.bundle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Triage's own {@code triage.json}: what the model is called, which version it is, how long a token
 * sequence it was trained on, and the sha256 of every file, so that a bundle copied from S3 can be
 * checked before it answers. Everything else a trainer writes (base model, data fingerprint,
 * metrics) is kept as {@link #details()}.
 */
public final class BundleManifest {

    public static final String FORMAT = "triage-bundle/1";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");
    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    private final String name;
    private final String version;
    private final Integer maxSequenceLength;
    private final Map<String, String> sha256ByFile;
    private final ObjectNode details;

    public BundleManifest(String name, String version, Integer maxSequenceLength,
                          Map<String, String> sha256ByFile, ObjectNode details) {
        this.name = name;
        this.version = version;
        this.maxSequenceLength = maxSequenceLength;
        this.sha256ByFile = Collections.unmodifiableMap(new LinkedHashMap<>(sha256ByFile));
        this.details = details == null ? JsonNodeFactory.instance.objectNode() : details.deepCopy();
    }

    /** Reads and validates a parsed triage.json; {@code bundle} only names the bundle in errors. */
    public static BundleManifest parse(Path bundle, JsonNode root) {
        return parse(String.valueOf(bundle), root);
    }

    /** The same, for a bundle named by its location ({@code s3://...}, {@code classpath:...}). */
    public static BundleManifest parse(String bundle, JsonNode root) {
        if (root == null || !root.isObject()) {
            throw invalid(bundle, null, "must be a JSON object");
        }
        String format = root.path("format").asText(null);
        if (!FORMAT.equals(format)) {
            throw invalid(bundle, "format", "is '" + format + "', expected '" + FORMAT + "'");
        }
        String name = root.path("name").asText(null);
        if (name == null || !NAME.matcher(name).matches()) {
            throw invalid(bundle, "name", "must be 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit; was " + root.get("name"));
        }
        JsonNode versionNode = root.get("version");
        if (versionNode == null || !(versionNode.isTextual() || versionNode.isIntegralNumber())
                || !NAME.matcher(versionNode.asText()).matches()) {
            throw invalid(bundle, "version", "must be a string of letters, digits, '.', '_' or '-'; was " + versionNode);
        }
        Integer maxLength = null;
        JsonNode maxNode = root.get("maxSequenceLength");
        if (maxNode != null && !maxNode.isNull()) {
            if (!maxNode.isIntegralNumber() || maxNode.asInt() < 2) {
                throw invalid(bundle, "maxSequenceLength", "must be an integer of at least 2; was " + maxNode);
            }
            maxLength = maxNode.asInt();
        }
        Map<String, String> files = new LinkedHashMap<>();
        JsonNode filesNode = root.get("files");
        if (filesNode == null || !filesNode.isObject()) {
            throw invalid(bundle, "files", "must be an object of \"file name\": \"sha256 hex\"");
        }
        Iterator<Map.Entry<String, JsonNode>> entries = filesNode.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            String file = entry.getKey();
            if (file.contains("/") || file.contains("\\") || file.startsWith(".")) {
                throw invalid(bundle, "files." + file, "must be a plain file name inside the bundle");
            }
            String digest = entry.getValue().asText("");
            if (!SHA256.matcher(digest).matches()) {
                throw invalid(bundle, "files." + file, "must be 64 lower-case hex digits (sha256); was '" + digest + "'");
            }
            files.put(file, digest);
        }
        ObjectNode details = ((ObjectNode) root).deepCopy();
        details.remove(java.util.List.of("format", "name", "version", "maxSequenceLength", "files"));
        return new BundleManifest(name, versionNode.asText(), maxLength, files, details);
    }

    /** The JSON form, as written to triage.json. */
    public ObjectNode toJson() {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put("format", FORMAT);
        root.put("name", name);
        root.put("version", version);
        if (maxSequenceLength != null) {
            root.put("maxSequenceLength", maxSequenceLength);
        }
        root.setAll(details.deepCopy());
        ObjectNode files = root.putObject("files");
        sha256ByFile.forEach(files::put);
        return root;
    }

    /** Refuses a manifest that does not list every file of the contract: each must have its sha256. */
    public void checkListsRequiredFiles(String bundle) {
        for (String required : BundleFiles.REQUIRED) {
            if (!sha256ByFile.containsKey(required)) {
                throw invalid(bundle, "files." + required, "is missing: every file of the bundle must have its sha256 listed");
            }
        }
    }

    /** Refuses a file whose sha256 is not the one this manifest lists for it. */
    public void checkDigest(String bundle, String file, String actualSha256) {
        String expected = sha256ByFile.get(file);
        if (!actualSha256.equals(expected)) {
            throw new InvalidBundleException(bundle, file, null, "sha256 is " + actualSha256 + " but triage.json files." + file
                    + " says " + expected + ": the file is corrupt or was replaced");
        }
    }

    private static InvalidBundleException invalid(String bundle, String field, String problem) {
        return new InvalidBundleException(bundle, BundleFiles.MANIFEST, field, problem);
    }

    public String name() {
        return name;
    }

    public String version() {
        return version;
    }

    public Integer maxSequenceLength() {
        return maxSequenceLength;
    }

    /** sha256 (hex) of each bundle file, by file name. */
    public Map<String, String> sha256ByFile() {
        return sha256ByFile;
    }

    /** What else the trainer recorded: base model, pooling, data fingerprint, metrics. */
    public ObjectNode details() {
        return details.deepCopy();
    }
}
