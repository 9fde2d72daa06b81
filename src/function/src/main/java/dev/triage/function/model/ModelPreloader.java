package dev.triage.function.model;

import dev.triage.core.TextClassifier;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Loads the model of the exported function while Lambda initialises (free of the first request's
 * latency, and before a SnapStart snapshot), so a missing, corrupt or unexpected bundle fails
 * initialisation instead of a request. A Lambda loads only the model its function needs.
 */
@ApplicationScoped
public class ModelPreloader {

    public static final String EMAIL_FUNCTION = "classifyEmail";
    public static final String ARCHIVE_FUNCTION = "classifyArchive";

    @Inject
    @TextModel
    Instance<TextClassifier> textModel;

    @Inject
    @EmailModel
    Instance<TextClassifier> emailModel;

    @ConfigProperty(name = "quarkus.funqy.export", defaultValue = "classify")
    String export;

    void onStart(@Observes StartupEvent event) {
        if (ARCHIVE_FUNCTION.equals(export)) {
            emailModel.get(); // classifyArchive serves both formats: e-mails with this model, texts with classify's
        }
        classifier();
    }

    /** The classifier the exported function answers with (health reports the text model's). */
    public TextClassifier classifier() {
        return EMAIL_FUNCTION.equals(export) ? emailModel.get() : textModel.get();
    }

    public String export() {
        return export;
    }
}
