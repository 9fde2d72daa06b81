package dev.triage.function.classify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.triage.core.TextClassifier;
import dev.triage.core.labels.Prediction;
import dev.triage.function.config.TriageConfig;
import dev.triage.function.http.ApiGatewayEvents;
import dev.triage.function.http.HttpErrors;
import dev.triage.function.http.ProxyRequest;
import dev.triage.function.http.ProxyResponse;
import dev.triage.function.model.ModelProvider;
import dev.triage.function.ops.InvocationLog;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code classify}: one text or a batch, as the JSON contract in DESIGN.md says. Invoked directly, it
 * takes the request itself and a bad request is a Lambda error; behind API Gateway (REST API proxy
 * integration, or an HTTP API), it takes the proxy event and answers with an HTTP status and a JSON
 * body, so a caller gets 400/405/413 with {@code {"error": {...}}}, never a bare 502.
 */
public class ClassifyFunction {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    ModelProvider models;

    @Inject
    TriageConfig config;

    @Inject
    InvocationLog log;

    @Funq("classify")
    public Object classify(JsonNode event) {
        Optional<ProxyRequest> proxy = ApiGatewayEvents.read(event);
        if (proxy.isPresent()) {
            return overHttp(proxy.get());
        }
        InvocationLog.Entry entry = log.entry("classify").with("via", "invoke");
        try {
            ClassifyResponse response = answer(event, entry);
            entry.write("classified");
            return response;
        } catch (RuntimeException e) {
            entry.writeFailure("rejected", e);
            throw e;
        }
    }

    private ProxyResponse overHttp(ProxyRequest request) {
        InvocationLog.Entry entry = log.entry("classify").with("via", "api-gateway").with("requestId", request.requestId());
        ProxyResponse response = httpResponse(request, entry);
        entry.with("status", response.statusCode()).write(response.statusCode() == 200 ? "classified" : "rejected");
        return response;
    }

    private ProxyResponse httpResponse(ProxyRequest request, InvocationLog.Entry entry) {
        if (!"POST".equals(request.method())) {
            return HttpErrors.error(405, null, "use POST with a JSON body; " + request.method() + " is not allowed on "
                    + request.path(), request.requestId(), Map.of("Allow", "POST"));
        }
        byte[] body = request.body();
        if (body.length > config.limits().maxBodyBytes()) {
            return HttpErrors.error(413, null, "the body has " + body.length + " bytes; the limit is "
                    + config.limits().maxBodyBytes(), request.requestId());
        }
        if (body.length == 0 || new String(body, StandardCharsets.UTF_8).isBlank()) {
            return HttpErrors.error(400, null, "the body is empty: send {\"text\": \"...\"} or {\"texts\": [\"...\"]}",
                    request.requestId());
        }
        JsonNode parsed;
        try {
            parsed = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return HttpErrors.error(400, null, "the body is not valid JSON: " + e.getOriginalMessage()
                    + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")",
                    request.requestId());
        } catch (IOException e) {
            return HttpErrors.error(400, null, "the body cannot be read as JSON: " + e.getMessage(), request.requestId());
        }
        try {
            return ProxyResponse.json(200, JSON.writeValueAsString(answer(parsed, entry)));
        } catch (InvalidRequestException e) {
            return HttpErrors.error(e.httpStatus(), e.field(), e.getMessage(), request.requestId());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a classify response could not be written as JSON", e);
        }
    }

    /** Parses, classifies and shapes the response; shared by every entry point that classifies text. */
    public ClassifyResponse answer(JsonNode request) {
        return answer(request, log.entry("classify"));
    }

    private ClassifyResponse answer(JsonNode request, InvocationLog.Entry entry) {
        TextClassifier classifier = models.classifier();
        ClassifyRequest parsed = new ClassifyRequestParser(config.limits().maxTextChars(), config.limits().maxBatchSize(),
                classifier.labels().size()).parse(request);
        List<Prediction> predictions = classifier.classifyAll(parsed.texts(), parsed.topK());
        String model = classifier.bundle().id();
        entry.with("model", model).with("texts", parsed.texts().size())
                .with("label", predictions.get(0).label()).with("score", predictions.get(0).score())
                .withText("text", parsed.texts().get(0));
        return parsed.batch() ? ClassifyResponse.batch(predictions, model) : ClassifyResponse.single(predictions.get(0), model);
    }
}
