package dev.triage.function.http;

import java.util.Map;

/**
 * An HTTP request as API Gateway hands it to a Lambda proxy integration, either payload format:
 * REST API (1.0) or HTTP API (2.0).
 *
 * @param method    the HTTP method, upper case
 * @param path      the request path
 * @param headers   headers, names lower-cased (API Gateway keeps the client's case; HTTP is case-blind)
 * @param body      the body as bytes, base64 undone where API Gateway encoded it; empty when none
 * @param requestId API Gateway's request id, for logs and error bodies
 */
public record ProxyRequest(String method, String path, Map<String, String> headers, byte[] body, String requestId) {
}
