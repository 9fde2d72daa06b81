package dev.triage.function.http;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.triage.function.config.StrictJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * An HTTP body read as one strict JSON document (see {@link StrictJson}): every way it can fail is an
 * {@link InvalidRequestException} (400) that says what is wrong and, where one field is at fault,
 * names it: a key given twice, text after the document, nesting deeper than the limit, a number too
 * long to read. The parser's own position names the field, because Jackson's exceptions do not
 * always carry a location (a constraint violation has none).
 */
final class JsonBody {

    private JsonBody() {
    }

    static boolean isBlank(byte[] body) {
        return body.length == 0 || new String(body, StandardCharsets.UTF_8).isBlank();
    }

    static JsonNode parse(ObjectMapper mapper, byte[] body) {
        try (JsonParser parser = mapper.createParser(body)) {
            JsonNode document;
            try {
                // Trailing content is checked below, where its error can say so, whatever it is.
                document = mapper.reader().without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).readTree(parser);
            } catch (StreamConstraintsException e) {
                String field = field(parser);
                if (e.getOriginalMessage().contains("depth")) {
                    String top = field == null || field.startsWith("[") ? "body" : field.split("[.\\[]", 2)[0];
                    throw new InvalidRequestException(top, "the body nests deeper than " + StrictJson.MAX_DEPTH + " levels"
                            + (field == null ? "" : " (at " + Quote.of(field) + ")"));
                }
                throw new InvalidRequestException(field == null ? null : Quote.of(field), "the body is not valid JSON: "
                        + Quote.of(e.getOriginalMessage()));
            } catch (JsonProcessingException e) {
                String field = field(parser);
                if (e.getOriginalMessage().startsWith("Duplicate field")) {
                    throw new InvalidRequestException(Quote.of(field), "'" + Quote.of(field) + "' is given twice: each field may appear once");
                }
                throw new InvalidRequestException(null, "the body is not valid JSON: " + Quote.of(e.getOriginalMessage())
                        + at(e.getLocation()));
            }
            try {
                if (parser.nextToken() != null) {
                    throw goesOn(parser.currentTokenLocation());
                }
            } catch (JsonProcessingException e) {
                throw goesOn(e.getLocation());
            }
            return document;
        } catch (IOException e) {
            throw new InvalidRequestException(null, "the body cannot be read as JSON: " + Quote.of(e.getMessage()));
        }
    }

    private static InvalidRequestException goesOn(JsonLocation location) {
        return new InvalidRequestException("body", "the body goes on after its JSON document" + at(location)
                + ": send exactly one JSON object");
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    /** Where the parser stands, as a field path ({@code texts[3]}, {@code a.b}), or null at the top level. */
    private static String field(JsonParser parser) {
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext context = parser.getParsingContext(); context != null && !context.inRoot(); context = context.getParent()) {
            if (context.inArray()) {
                path.insert(0, "[" + Math.max(context.getCurrentIndex(), 0) + "]");
            } else if (context.getCurrentName() != null) {
                path.insert(0, "." + context.getCurrentName());
            }
        }
        String field = path.length() > 0 && path.charAt(0) == '.' ? path.substring(1) : path.toString();
        return field.isEmpty() ? null : field;
    }
}
