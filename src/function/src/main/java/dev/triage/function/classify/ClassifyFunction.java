package dev.triage.function.classify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triage.core.TextClassifier;
import dev.triage.core.labels.Prediction;
import dev.triage.function.config.TriageConfig;
import dev.triage.function.http.ApiGatewayAdapter;
import dev.triage.function.http.Endpoint;
import dev.triage.function.model.TextModel;
import dev.triage.function.ops.InvocationLog;
import io.quarkus.funqy.Funq;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;

/**
 * {@code classify}: one text or a batch, in the shape of Hugging Face's text-classification
 * pipeline. Invoked directly it takes the request itself; behind API Gateway, {@link ApiGatewayAdapter}
 * turns the proxy event into the same request and the answer (or error) into an HTTP response.
 */
public class ClassifyFunction {

    @Inject
    @TextModel
    Instance<TextClassifier> model;

    @Inject
    TriageConfig config;

    @Inject
    ApiGatewayAdapter api;

    private final Endpoint<ClassifyResponse> endpoint = new Endpoint<>("classify", List.of("POST"), "use POST with a JSON body",
            "send {\"text\": \"...\"} or {\"texts\": [\"...\"]}", this::answer, response -> 200, "classified");

    @Funq("classify")
    public Object classify(JsonNode event) {
        return api.serve(event, endpoint);
    }

    /** Checks the request, classifies and shapes the response. */
    ClassifyResponse answer(JsonNode request, InvocationLog.Entry log) {
        TextClassifier classifier = model.get();
        ClassifyRequest parsed = new ClassifyRequestParser(config.limits().maxTextChars(), config.limits().maxBatchSize(),
                classifier.labels().size()).parse(request);
        List<Prediction> predictions = classifier.classifyAll(parsed.texts(), parsed.topK());
        String modelId = classifier.bundle().id();
        log.with("model", modelId).with("texts", parsed.texts().size())
                .with("label", predictions.get(0).label()).with("score", predictions.get(0).score())
                .withText("text", parsed.texts().get(0));
        return parsed.batch() ? ClassifyResponse.batch(predictions, modelId) : ClassifyResponse.single(predictions.get(0), modelId);
    }
}
