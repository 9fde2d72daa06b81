package dev.triage.function.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.triage.function.config.TriageConfig;
import dev.triage.function.ops.InvocationLog;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.Optional;

/**
 * The one place that speaks API Gateway. A Funqy export takes its payload as JSON and hands it here
 * with its {@link Endpoint}: a direct invocation goes straight to the typed handler (and a bad
 * request is a Lambda error); an API Gateway proxy event (REST API or HTTP API) has its method
 * checked, its body decoded, size-checked and read as strict JSON, and the handler's answer or error
 * becomes the proxy response: the answer with its status, or {@code {"error": {...}}} with 400, 405,
 * 413 or 500, never an exception API Gateway would turn into a bare 502. Each invocation writes one
 * log line, whatever its outcome.
 */
@ApplicationScoped
public class ApiGatewayAdapter {

    @Inject
    ObjectMapper json;

    @Inject
    TriageConfig config;

    @Inject
    InvocationLog log;

    /**
     * Serves one invocation: the handler's answer itself when invoked directly, a {@link ProxyResponse}
     * behind API Gateway. One export answers both, so the result is either.
     */
    public <O> Object serve(JsonNode event, Endpoint<O> endpoint) {
        Optional<ProxyRequest> proxy = ApiGatewayEvents.read(event);
        return proxy.isPresent() ? overHttp(proxy.get(), endpoint) : direct(event, endpoint);
    }

    private <O> O direct(JsonNode request, Endpoint<O> endpoint) {
        InvocationLog.Entry entry = log.entry(endpoint.function()).with("via", "invoke");
        try {
            O answer = endpoint.handler().handle(request, entry);
            entry.write(endpoint.done());
            return answer;
        } catch (InvalidRequestException e) {
            entry.with("field", e.field()).writeFailure("rejected", e);
            throw e;
        } catch (RuntimeException e) {
            entry.writeFailure("failed", e);
            throw e;
        }
    }

    private <O> ProxyResponse overHttp(ProxyRequest request, Endpoint<O> endpoint) {
        InvocationLog.Entry entry = log.entry(endpoint.function()).with("via", "api-gateway").with("requestId", request.requestId())
                .with("method", Quote.of(request.method()));
        ProxyResponse response;
        try {
            response = answer(request, endpoint, entry);
        } catch (InvalidRequestException e) {
            response = error(e.httpStatus(), e.field(), e.getMessage(), request.requestId(), Map.of());
            entry.with("field", e.field()).with("error", e.getMessage());
        } catch (RuntimeException e) {
            // A fault of ours, not of the request: the caller gets a 500 that says so; the log the details.
            response = error(500, null, "the function failed to answer (" + e.getClass().getSimpleName()
                    + "); the request id identifies the log line", request.requestId(), Map.of());
            entry.with("status", 500).writeFailure("failed", e);
            return response;
        }
        entry.with("status", response.statusCode());
        if (response.statusCode() < 400) {
            entry.write(endpoint.done());
        } else {
            entry.write("rejected");
        }
        return response;
    }

    private <O> ProxyResponse answer(ProxyRequest request, Endpoint<O> endpoint, InvocationLog.Entry entry) {
        if (!endpoint.methods().contains(request.method())) {
            return error(405, null, endpoint.methodHint() + "; " + Quote.of(request.method()) + " is not allowed on "
                    + Quote.of(request.path()), request.requestId(), Map.of("Allow", String.join(", ", endpoint.methods())));
        }
        JsonNode body = null;
        if (endpoint.readsBody()) {
            byte[] bytes = request.body();
            int limit = config.limits().maxBodyBytes();
            if (bytes.length > limit) {
                throw new InvalidRequestException(413, null, "the body has " + bytes.length + " bytes; the limit is " + limit);
            }
            if (JsonBody.isBlank(bytes)) {
                throw new InvalidRequestException(null, "the body is empty: " + endpoint.bodyHint());
            }
            body = JsonBody.parse(json, bytes);
        }
        O answer = endpoint.handler().handle(body, entry);
        return ProxyResponse.json(endpoint.status().applyAsInt(answer), write(answer), Map.of());
    }

    private ProxyResponse error(int status, String field, String message, String requestId, Map<String, String> headers) {
        return ProxyResponse.json(status, write(ErrorResponse.of(status, field, message, requestId)), headers);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a " + value.getClass().getSimpleName() + " could not be written as JSON", e);
        }
    }
}
