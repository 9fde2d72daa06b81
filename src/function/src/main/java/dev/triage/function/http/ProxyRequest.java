package dev.triage.function.http;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * An HTTP request as API Gateway hands it to a Lambda proxy integration, either payload format:
 * REST API (1.0) or HTTP API (2.0).
 *
 * @param method        the HTTP method, upper case
 * @param path          the request path
 * @param headers       headers, names lower-cased (API Gateway keeps the client's case; HTTP is case-blind)
 * @param rawBody       the body as API Gateway sent it; null when none
 * @param base64Encoded whether API Gateway base64-encoded the body ({@code isBase64Encoded})
 * @param requestId     API Gateway's request id, for logs and error bodies
 */
public record ProxyRequest(String method, String path, Map<String, String> headers, String rawBody, boolean base64Encoded,
                           String requestId) {

    /** The body as bytes, base64 undone where API Gateway encoded it; empty when none. */
    public byte[] body() {
        if (rawBody == null) {
            return new byte[0];
        }
        if (!base64Encoded) {
            return rawBody.getBytes(StandardCharsets.UTF_8);
        }
        try {
            return Base64.getDecoder().decode(rawBody);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("body", "the body is marked isBase64Encoded but is not valid base64: "
                    + Quote.of(e.getMessage()));
        }
    }
}
