package dev.triage.function.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a Lambda proxy integration returns: API Gateway sends {@code statusCode}, {@code headers} and
 * {@code body} to the caller. The body is always a JSON document, as a string.
 */
public record ProxyResponse(int statusCode, Map<String, String> headers, String body,
                            @JsonProperty("isBase64Encoded") boolean isBase64Encoded) {

    public static ProxyResponse json(int statusCode, String body, Map<String, String> extraHeaders) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/json");
        headers.putAll(extraHeaders);
        return new ProxyResponse(statusCode, headers, body, false);
    }
}
