package dev.triage.function.model;

import dev.triage.core.TextClassifier;
import dev.triage.core.bundle.InvalidBundleException;
import dev.triage.function.ops.InvocationLog;
import dev.triage.function.ops.StartupTimeline;
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

    @Inject
    StartupTimeline timeline;

    @Inject
    InvocationLog log;

    /**
     * Loads the model, then writes where the start-up went: the process's age (JVM start included),
     * and each step of the model's loading (docs/benchmarks.md, "Cold start").
     */
    void onStart(@Observes StartupEvent event) {
        InvocationLog.Entry entry = log.entry(export); // its latencyMs: the whole model loading
        TextClassifier classifier;
        try {
            if (ARCHIVE_FUNCTION.equals(export)) {
                emailModel.get(); // classifyArchive serves both formats: e-mails with this model, texts with classify's
            }
            classifier = classifier();
        } catch (RuntimeException e) {
            // Lambda's init error carries only Quarkus' wrapper ("Quarkus manual initialization failed"):
            // the bundle's own message goes on one line of the log, where the operator looks.
            entry.with("phasesMs", timeline.phases()).writeError("initialisation failed", modelFailure(e));
            throw e;
        }
        entry.with("model", classifier.bundle().id()).with("phasesMs", timeline.phases());
        ProcessHandle.current().info().startInstant()
                .ifPresent(start -> entry.with("processAgeMs", System.currentTimeMillis() - start.toEpochMilli()));
        entry.write("initialised");
    }

    /** The model's own failure inside whatever CDI or Quarkus wrapped it in. */
    static Throwable modelFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof InvalidBundleException || cause instanceof ModelLoadException) {
                return cause;
            }
        }
        return failure;
    }

    /** The classifier the exported function answers with (health reports the text model's). */
    public TextClassifier classifier() {
        return EMAIL_FUNCTION.equals(export) ? emailModel.get() : textModel.get();
    }

    public String export() {
        return export;
    }
}
