package dev.triage.function.email;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.triage.function.http.Quote;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the body of an SQS message that S3 sent: {@code {"Records": [{"eventSource": "aws:s3",
 * "eventName": "ObjectCreated:Put", "s3": {"bucket": {"name"}, "object": {"key", "versionId", "eTag"}}}]}}.
 * Object keys arrive URL-encoded with '+' for a space, and are decoded here. The test event S3 sends
 * when a notification is configured ({@code "Event": "s3:TestEvent"}) names no object: it reads as
 * an empty list, so it is acknowledged and nothing else happens.
 */
@ApplicationScoped
public class S3Notifications {

    private final ObjectMapper json;

    @Inject
    public S3Notifications(ObjectMapper json) {
        this.json = json;
    }

    public List<S3ObjectRef> objectsCreated(String body) {
        if (body == null || body.isBlank()) {
            throw new NotAnS3NotificationException("the message body is empty, not an S3 event notification");
        }
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JsonProcessingException e) {
            throw new NotAnS3NotificationException("the message body is not JSON, so not an S3 event notification: "
                    + Quote.of(e.getOriginalMessage()));
        }
        if (root != null && "s3:TestEvent".equals(root.path("Event").asText(null))) {
            return List.of();
        }
        JsonNode records = root == null ? null : root.get("Records");
        if (records == null || !records.isArray()) {
            throw new NotAnS3NotificationException("the message body has no 'Records' array, so it is not an S3 event notification");
        }
        List<S3ObjectRef> objects = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            JsonNode record = records.get(i);
            if (!"aws:s3".equals(record.path("eventSource").asText(null))) {
                throw new NotAnS3NotificationException("Records[" + i + "] has eventSource "
                        + Quote.of(record.path("eventSource").toString()) + ", not \"aws:s3\"");
            }
            if (!record.path("eventName").asText("").startsWith("ObjectCreated:")) {
                continue; // a deletion or a restore names no new e-mail
            }
            String bucket = record.at("/s3/bucket/name").asText("");
            String key = record.at("/s3/object/key").asText("");
            if (bucket.isEmpty() || key.isEmpty()) {
                throw new NotAnS3NotificationException("Records[" + i + "] names no s3.bucket.name or s3.object.key");
            }
            String decoded;
            try {
                decoded = URLDecoder.decode(key, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new NotAnS3NotificationException("Records[" + i + "] has the key " + Quote.of(key)
                        + ", which is not URL-encoded as S3 encodes keys: " + e.getMessage());
            }
            objects.add(new S3ObjectRef(bucket, decoded, textOrNull(record.at("/s3/object/versionId")),
                    textOrNull(record.at("/s3/object/eTag"))));
        }
        return objects;
    }

    private static String textOrNull(JsonNode node) {
        return node.isTextual() && !node.asText().isEmpty() ? node.asText() : null;
    }
}
