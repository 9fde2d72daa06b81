package dev.triage.function.classify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triage.core.TextClassifier;
import dev.triage.core.labels.Prediction;
import dev.triage.function.config.TriageConfig;
import dev.triage.function.model.ModelProvider;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;
import java.util.List;

/** {@code classify}: one text or a batch, as the JSON contract in DESIGN.md says. */
public class ClassifyFunction {

    @Inject
    ModelProvider models;

    @Inject
    TriageConfig config;

    @Funq("classify")
    public ClassifyResponse classify(JsonNode request) {
        return answer(request);
    }

    /** Parses, classifies and shapes the response; shared by every entry point that classifies text. */
    public ClassifyResponse answer(JsonNode request) {
        TextClassifier classifier = models.classifier();
        ClassifyRequest parsed = new ClassifyRequestParser(config.limits().maxTextChars(), config.limits().maxBatchSize(),
                classifier.labels().size()).parse(request);
        List<Prediction> predictions = classifier.classifyAll(parsed.texts(), parsed.topK());
        String model = classifier.bundle().id();
        return parsed.batch() ? ClassifyResponse.batch(predictions, model) : ClassifyResponse.single(predictions.get(0), model);
    }
}
