package dev.triage.function.model;

import dev.triage.defaultmodel.DefaultModel;
import dev.triage.function.config.TriageConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The model of {@code classifyEmail}: {@code triage.email.model.location}, else the shared
 * {@code triage.model.location}, else the built-in spam model. One artifact can so serve
 * {@code classify} with the emotion model and {@code classifyEmail} with the spam model, each
 * Lambda loading only its own.
 */
@ApplicationScoped
public class EmailModelProvider extends LoadedModel {

    @Inject
    public EmailModelProvider(TriageConfig config, BundleLoader loader) {
        super("email", config.email().model().location().or(() -> config.model().location()), DefaultModel::loadSpam,
                config, loader);
    }

    /** For CDI's client proxies only. */
    protected EmailModelProvider() {
    }

    @PreDestroy
    void release() {
        close();
    }
}
