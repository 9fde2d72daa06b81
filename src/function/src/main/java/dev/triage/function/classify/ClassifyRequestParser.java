package dev.triage.function.classify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triage.function.http.InvalidRequestException;
import dev.triage.function.http.Quote;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Checks a classify request as sent, field by field, before any model work: {@code text} (a
 * string) or {@code texts} (an array of strings), and an optional {@code topK}. Every problem is
 * reported with the field's name, and nothing is coerced: a number where a string belongs is an
 * error, not a text "42", and a number beyond an int is out of range, never wrapped around. What
 * the caller sent is quoted at most {@value Quote#MAX_CHARS} characters long.
 */
public final class ClassifyRequestParser {

    static final int DEFAULT_TOP_K = 1;
    private static final Set<String> FIELDS = Set.of("text", "texts", "topK");

    private final int maxTextChars;
    private final int maxBatchSize;
    private final int labelCount;

    public ClassifyRequestParser(int maxTextChars, int maxBatchSize, int labelCount) {
        this.maxTextChars = maxTextChars;
        this.maxBatchSize = maxBatchSize;
        this.labelCount = labelCount;
    }

    public ClassifyRequest parse(JsonNode body) {
        if (body == null || body.isNull() || body.isMissingNode()) {
            throw new InvalidRequestException(null, "the request is empty: send {\"text\": \"...\"} or {\"texts\": [\"...\"]}");
        }
        if (!body.isObject()) {
            throw new InvalidRequestException(null, "the request must be a JSON object, not " + describe(body));
        }
        Iterator<String> names = body.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw new InvalidRequestException(Quote.of(name), "unknown field '" + Quote.of(name) + "'; the fields are text, texts and topK");
            }
        }
        JsonNode text = body.get("text");
        JsonNode texts = body.get("texts");
        if (text != null && texts != null) {
            throw new InvalidRequestException("text", "give either 'text' or 'texts', not both");
        }
        int topK = topK(body.get("topK"));
        if (text != null) {
            return new ClassifyRequest(List.of(checkedText(text, "text")), false, topK);
        }
        if (texts == null) {
            throw new InvalidRequestException("text", "missing 'text' (a string) or 'texts' (an array of strings)");
        }
        if (!texts.isArray()) {
            throw new InvalidRequestException("texts", "'texts' must be an array of strings, not " + describe(texts));
        }
        if (texts.isEmpty()) {
            throw new InvalidRequestException("texts", "'texts' is empty: send at least one text");
        }
        if (texts.size() > maxBatchSize) {
            throw new InvalidRequestException(413, "texts", "'texts' has " + texts.size() + " texts; the limit is " + maxBatchSize
                    + " per request");
        }
        List<String> values = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            values.add(checkedText(texts.get(i), "texts[" + i + "]"));
        }
        return new ClassifyRequest(values, true, topK);
    }

    private String checkedText(JsonNode node, String field) {
        if (!node.isTextual()) {
            throw new InvalidRequestException(field, "'" + field + "' must be a string, not " + describe(node));
        }
        String value = node.asText();
        if (value.isBlank()) {
            throw new InvalidRequestException(field, "'" + field + "' is empty: there is nothing to classify");
        }
        if (value.length() > maxTextChars) {
            throw new InvalidRequestException(413, field, "'" + field + "' has " + value.length() + " characters; the limit is "
                    + maxTextChars);
        }
        return value;
    }

    private int topK(JsonNode node) {
        if (node == null || node.isNull()) {
            return DEFAULT_TOP_K;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt() || node.asInt() < 1 || node.asInt() > labelCount) {
            throw new InvalidRequestException("topK", "'topK' must be an integer from 1 to " + labelCount
                    + " (the model's label count), not " + (node.isNumber() ? Quote.of(node.asText()) : describe(node)));
        }
        return node.asInt();
    }

    static String describe(JsonNode node) {
        return switch (node.getNodeType()) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }
}
