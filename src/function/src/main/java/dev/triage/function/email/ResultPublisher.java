package dev.triage.function.email;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.triage.function.config.TriageConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Sends each result (or error result) to the output queue: a standard queue, so no deduplication id;
 * the message carries its idempotency key in the body and as a message attribute for consumers to
 * dedupe on, and its outcome ({@code classified} or {@code error}) as an attribute to filter on.
 *
 * <p>A message is built and checked before anything is sent ({@link #prepare}): SQS refuses a message
 * over the queue's size limit, counted over the body and every attribute's name, type and value, and
 * characters outside XML's (control characters, U+FFFE, a lone surrogate). The body is written with
 * every non-ASCII character escaped, so it never holds one; the idempotency attribute has such
 * characters percent-encoded.
 */
@ApplicationScoped
public class ResultPublisher {

    public static final String IDEMPOTENCY_ATTRIBUTE = "idempotencyKey";
    public static final String OUTCOME_ATTRIBUTE = "outcome";
    private static final String STRING = "String";

    private final ObjectWriter writer;
    private final SqsClient sqs;
    private final TriageConfig config;

    @Inject
    public ResultPublisher(ObjectMapper json, SqsClient sqs, TriageConfig config) {
        this.writer = json.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII);
        this.sqs = sqs;
        this.config = config;
    }

    /** A message ready to send: it fits the queue. */
    public record Outgoing(String body, Map<String, String> attributes) {
    }

    public boolean enabled() {
        return config.email().outputQueueUrl().isPresent();
    }

    public Outgoing prepare(EmailResult result) {
        return prepare(result, result.idempotencyKey(), result.outcome());
    }

    public Outgoing prepare(EmailError error) {
        return prepare(error, error.idempotencyKey(), error.outcome());
    }

    private Outgoing prepare(Object message, String idempotencyKey, String outcome) {
        String body;
        try {
            body = writer.writeValueAsString(message);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an e-mail result could not be written as JSON", e);
        }
        Map<String, String> attributes = new LinkedHashMap<>();
        attributes.put(IDEMPOTENCY_ATTRIBUTE, sqsSafe(idempotencyKey));
        attributes.put(OUTCOME_ATTRIBUTE, outcome);
        long size = body.length(); // ASCII: one byte per character
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            size += attribute.getKey().length() + STRING.length() + attribute.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        int limit = config.email().maxResultBytes();
        if (size > limit) {
            throw new PermanentFailure(PermanentFailure.Kind.RESULT_TOO_LARGE, "the result message would be " + size
                    + " bytes; the output queue takes " + limit + " (triage.email.max-result-bytes)");
        }
        return new Outgoing(body, attributes);
    }

    public void send(Outgoing message) {
        String queueUrl = config.email().outputQueueUrl().orElseThrow();
        Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
        message.attributes().forEach((name, value) ->
                attributes.put(name, MessageAttributeValue.builder().dataType(STRING).stringValue(value).build()));
        sqs.sendMessage(m -> m.queueUrl(queueUrl).messageBody(message.body()).messageAttributes(attributes));
    }

    /** Characters SQS does not carry (outside #x9 #xA #xD #x20-#xD7FF #xE000-#xFFFD #x10000-#x10FFFF) as %XX of their UTF-8. */
    static String sqsSafe(String text) {
        StringBuilder safe = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            int width = Character.charCount(c);
            boolean allowed = c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
                    || c >= 0x10000;
            if (allowed) {
                safe.appendCodePoint(c);
            } else {
                byte[] utf8 = Character.isSurrogate((char) c) ? "\uFFFD".getBytes(StandardCharsets.UTF_8)
                        : new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8);
                for (byte b : utf8) {
                    safe.append('%').append(String.format("%02X", b & 0xff));
                }
            }
            i += width;
        }
        return safe.toString();
    }
}
