package dev.triage.function.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * The one shape of every error an HTTP caller gets:
 * {@code {"error": {"status": 400, "field": "text", "message": "...", "requestId": "..."}}};
 * {@code field} only where one field is at fault.
 */
public final class HttpErrors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpErrors() {
    }

    public static ProxyResponse error(int status, String field, String message, String requestId) {
        return error(status, field, message, requestId, Map.of());
    }

    public static ProxyResponse error(int status, String field, String message, String requestId, Map<String, String> headers) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode error = root.putObject("error");
        error.put("status", status);
        if (field != null) {
            error.put("field", field);
        }
        error.put("message", message);
        if (requestId != null && !requestId.isEmpty()) {
            error.put("requestId", requestId);
        }
        return ProxyResponse.json(status, root.toString(), headers);
    }
}
