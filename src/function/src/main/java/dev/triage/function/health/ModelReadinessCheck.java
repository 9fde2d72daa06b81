package dev.triage.function.health;

import dev.triage.core.TextClassifier;
import dev.triage.core.labels.Prediction;
import dev.triage.function.model.ModelPreloader;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when the exported function's bundle is loaded and a canary text classifies to finite scores
 * that sum to 1 (single-label models) or lie in [0, 1] (multi-label): a model that loads but
 * computes garbage (NaN weights, a broken export) is not ready.
 */
@Readiness
@ApplicationScoped
public class ModelReadinessCheck implements HealthCheck {

    static final String CANARY = "triage readiness check: is this model answering sensibly?";

    @Inject
    ModelPreloader models;

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("model");
        try {
            TextClassifier classifier = models.classifier();
            Prediction canary = classifier.classify(CANARY, classifier.labels().size());
            String problem = CanaryCheck.problem(canary, classifier.bundle().config().problemType());
            response.withData("model", classifier.bundle().id()).withData("labels", classifier.labels().size())
                    .withData("canaryLabel", canary.label()).withData("function", models.export());
            return problem == null ? response.up().build() : response.down().withData("problem", problem).build();
        } catch (RuntimeException e) {
            return response.down().withData("problem", String.valueOf(e.getMessage())).build();
        }
    }
}
