package dev.triage.function.email;

import dev.triage.core.TextClassifier;
import dev.triage.function.model.ModelPreloader;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

/**
 * At start-up of a {@code classifyEmail} Lambda: every label of its model, and the model's id, must
 * be an S3 tag value, or every e-mail would fail at its tagging. A model that cannot tag fails the
 * Lambda's initialisation, naming the label, before any mail is touched.
 */
@ApplicationScoped
public class EmailModelTagCheck {

    @Inject
    ModelPreloader models;

    void onStart(@Observes StartupEvent event) {
        if (!ModelPreloader.EMAIL_FUNCTION.equals(models.export())) {
            return;
        }
        TextClassifier classifier = models.classifier();
        String problem = TriageTags.problem(TriageTags.MODEL, classifier.bundle().id());
        for (String label : classifier.labels()) {
            problem = problem != null ? problem : TriageTags.problem(TriageTags.LABEL, label);
        }
        if (problem != null) {
            throw new IllegalStateException("model " + classifier.bundle().id() + " cannot serve classifyEmail: " + problem);
        }
    }
}
