package dev.triage.function.model;

import dev.triage.core.TextClassifier;
import dev.triage.core.bundle.ModelBundle;
import dev.triage.core.logits.InferenceSettings;
import dev.triage.defaultmodel.DefaultModel;
import dev.triage.function.config.TriageConfig;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Path;
import java.util.Locale;
import org.jboss.logging.Logger;

/**
 * Loads the configured bundle once, at start-up: a bundle that is missing or corrupt fails the
 * function's initialisation with the bundle's own error message, so the function never answers
 * with a half-loaded model.
 */
@Startup
@ApplicationScoped
public class ModelProvider {

    private static final Logger LOG = Logger.getLogger(ModelProvider.class);

    private final TextClassifier classifier;

    public ModelProvider(TriageConfig config) {
        long start = System.nanoTime();
        ModelBundle bundle = config.model().location().map(location -> ModelBundle.load(Path.of(location)))
                .orElseGet(DefaultModel::load);
        this.classifier = TextClassifier.open(bundle, settings(config.inference()));
        LOG.infof("model %s loaded from %s in %d ms", bundle.id(), bundle.directory(), (System.nanoTime() - start) / 1_000_000);
    }

    static InferenceSettings settings(TriageConfig.Inference inference) {
        int intra = inference.intraOpThreads().orElse(Runtime.getRuntime().availableProcessors());
        InferenceSettings.ExecutionProvider provider;
        try {
            provider = InferenceSettings.ExecutionProvider.valueOf(inference.provider().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("triage.inference.provider must be cpu or cuda, is '" + inference.provider() + "'");
        }
        return new InferenceSettings(intra, inference.interOpThreads(), provider);
    }

    public TextClassifier classifier() {
        return classifier;
    }

    @PreDestroy
    void close() {
        classifier.close();
    }
}
