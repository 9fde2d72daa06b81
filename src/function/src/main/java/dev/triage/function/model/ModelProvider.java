package dev.triage.function.model;

import dev.triage.defaultmodel.DefaultModel;
import dev.triage.function.config.TriageConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The model of {@code classify} (and of the {@code health} function): {@code triage.model.location},
 * else the built-in emotion model. Loaded when first needed; {@link ModelPreloader} makes that
 * start-up for the functions that use it.
 */
@ApplicationScoped
public class ModelProvider extends LoadedModel {

    @Inject
    public ModelProvider(TriageConfig config, BundleLoader loader) {
        super("text", config.model().location(), DefaultModel::load, config, loader);
    }

    /** For CDI's client proxies only. */
    protected ModelProvider() {
    }

    @PreDestroy
    void release() {
        close();
    }
}
