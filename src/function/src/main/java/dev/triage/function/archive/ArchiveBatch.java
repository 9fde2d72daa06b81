package dev.triage.function.archive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triage.core.bundle.Sha256;
import dev.triage.function.email.S3ObjectRef;
import dev.triage.function.http.Quote;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The event a Step Functions Distributed Map with an {@code ItemBatcher} sends:
 * {@code {"Items": [...], "BatchInput": {"bucket", "format", "tag", "resultsPrefix", "job"}}}. Items
 * come as the map's {@code ItemReader} produced them: from an S3 prefix (ListObjectsV2)
 * {@code {"Key", "Etag", "LastModified", "Size", "StorageClass"}}, the bucket being BatchInput's; from a
 * CSV manifest or an S3 Inventory manifest {@code {"Bucket", "Key", ...}}, the key URL-encoded (as S3
 * Inventory writes keys, and as S3 Batch Operations reads its CSV manifests), decoded here with '+' as
 * a space. Other fields of an item are ignored, whatever their type.
 *
 * <p>An event not of this shape can never be processed: {@link InvalidArchiveEventException} fails
 * the invocation, naming the field.
 */
public record ArchiveBatch(List<S3ObjectRef> items, Format format, boolean tag, String resultsPrefix, String job, String batchId) {

    /** What each item is. */
    public enum Format {
        /** A raw MIME e-mail, classified as classifyEmail does. */
        EMAIL,
        /** A file of texts (.jsonl or .csv by its key), one result per line. */
        TEXTS
    }

    public static ArchiveBatch parse(JsonNode event) {
        if (event == null || !event.isObject()) {
            throw new InvalidArchiveEventException("the event must be a JSON object {\"Items\": [...], \"BatchInput\": {...}}, "
                    + "as a Distributed Map with an ItemBatcher sends it");
        }
        JsonNode items = event.get("Items");
        if (items == null || !items.isArray()) {
            throw new InvalidArchiveEventException("the event has no 'Items' array: configure the Distributed Map with an ItemBatcher");
        }
        JsonNode input = event.get("BatchInput");
        if (input == null || !input.isObject()) {
            throw new InvalidArchiveEventException("the event has no 'BatchInput' object: the ItemBatcher's BatchInput must give "
                    + "bucket, format, tag, resultsPrefix and job");
        }
        String defaultBucket = text(input, "bucket", false);
        Format format = switch (text(input, "format", true)) {
            case "email" -> Format.EMAIL;
            case "texts" -> Format.TEXTS;
            default -> throw new InvalidArchiveEventException("BatchInput.format must be \"email\" or \"texts\", is "
                    + Quote.of(input.get("format").asText()));
        };
        JsonNode tag = input.get("tag");
        if (tag != null && !tag.isBoolean() && !tag.isNull()) {
            throw new InvalidArchiveEventException("BatchInput.tag must be true or false, is " + tag.getNodeType().toString().toLowerCase(Locale.ROOT));
        }
        String resultsPrefix = text(input, "resultsPrefix", false);
        resultsPrefix = resultsPrefix == null ? "" : resultsPrefix;
        if (!resultsPrefix.isEmpty() && !resultsPrefix.endsWith("/")) {
            throw new InvalidArchiveEventException("BatchInput.resultsPrefix must end with '/', is " + Quote.of(resultsPrefix));
        }
        String job = text(input, "job", true);
        if (job.contains("/")) {
            throw new InvalidArchiveEventException("BatchInput.job must not contain '/' (it names a folder of results), is " + Quote.of(job));
        }
        List<S3ObjectRef> refs = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            refs.add(item(items.get(i), i, defaultBucket));
        }
        return new ArchiveBatch(List.copyOf(refs), format, tag != null && tag.asBoolean(), resultsPrefix, job, batchId(items));
    }

    private static S3ObjectRef item(JsonNode item, int index, String defaultBucket) {
        if (item == null || !item.isObject()) {
            throw new InvalidArchiveEventException("Items[" + index + "] must be an object with 'Key' (and 'Bucket' from a manifest)");
        }
        JsonNode key = item.get("Key");
        if (key == null || !key.isTextual() || key.asText().isEmpty()) {
            throw new InvalidArchiveEventException("Items[" + index + "] has no 'Key' string");
        }
        JsonNode bucket = item.get("Bucket");
        if (bucket == null || bucket.isNull()) {
            if (defaultBucket == null) {
                throw new InvalidArchiveEventException("Items[" + index + "] names no 'Bucket' and BatchInput gives no 'bucket'");
            }
            // A ListObjectsV2 listing: the key as S3 stores it.
            return new S3ObjectRef(defaultBucket, key.asText(), null, etag(item.get("Etag")));
        }
        if (!bucket.isTextual() || bucket.asText().isEmpty()) {
            throw new InvalidArchiveEventException("Items[" + index + "].Bucket must be a bucket name");
        }
        String decoded;
        try {
            decoded = URLDecoder.decode(key.asText(), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidArchiveEventException("Items[" + index + "].Key " + Quote.of(key.asText())
                    + " is not URL-encoded as manifest keys are: " + e.getMessage());
        }
        return new S3ObjectRef(bucket.asText(), decoded, null, null);
    }

    private static String etag(JsonNode etag) {
        return etag != null && etag.isTextual() && !etag.asText().isEmpty() ? etag.asText().replace("\"", "") : null;
    }

    private static String text(JsonNode input, String field, boolean required) {
        JsonNode value = input.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new InvalidArchiveEventException("BatchInput." + field + " is missing");
            }
            return null;
        }
        if (!value.isTextual() || value.asText().isEmpty()) {
            throw new InvalidArchiveEventException("BatchInput." + field + " must be a non-empty string");
        }
        return value.asText();
    }

    /** The same for every delivery of the same batch, so a retried invocation overwrites its own results. */
    private static String batchId(JsonNode items) {
        return Sha256.of(items.toString().getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    }

    /** Where this batch's results go, under the results bucket. */
    public String resultsKey() {
        return resultsPrefix + job + "/" + batchId + ".jsonl";
    }
}
