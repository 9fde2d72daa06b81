package dev.triage.function.http;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Tells an API Gateway proxy event from a direct invocation, and reads it. A REST API (payload 1.0)
 * event has {@code httpMethod} and {@code requestContext}; an HTTP API (payload 2.0) event has
 * {@code version: "2.0"} and {@code requestContext.http}. A direct request has neither, and a request
 * that merely carries a field named {@code httpMethod} is not mistaken for one: both markers must be
 * there, with the right types.
 */
public final class ApiGatewayEvents {

    private ApiGatewayEvents() {
    }

    public static Optional<ProxyRequest> read(JsonNode event) {
        if (event == null || !event.isObject()) {
            return Optional.empty();
        }
        JsonNode context = event.get("requestContext");
        if (context == null || !context.isObject()) {
            return Optional.empty();
        }
        if ("2.0".equals(event.path("version").asText(null)) && context.path("http").isObject()) {
            JsonNode http = context.get("http");
            return Optional.of(new ProxyRequest(http.path("method").asText("").toUpperCase(Locale.ROOT),
                    http.path("path").asText(event.path("rawPath").asText("")), headers(event.get("headers")), body(event),
                    base64(event), context.path("requestId").asText("")));
        }
        if (event.path("httpMethod").isTextual()) {
            return Optional.of(new ProxyRequest(event.get("httpMethod").asText().toUpperCase(Locale.ROOT),
                    event.path("path").asText(""), headers(event.get("headers")), body(event), base64(event),
                    context.path("requestId").asText("")));
        }
        return Optional.empty();
    }

    private static Map<String, String> headers(JsonNode node) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (node != null && node.isObject()) {
            node.fields().forEachRemaining(entry -> headers.put(entry.getKey().toLowerCase(Locale.ROOT), entry.getValue().asText("")));
        }
        return headers;
    }

    private static String body(JsonNode event) {
        JsonNode body = event.get("body");
        return body == null || body.isNull() ? null : body.asText("");
    }

    private static boolean base64(JsonNode event) {
        return event.path("isBase64Encoded").asBoolean(false);
    }
}
