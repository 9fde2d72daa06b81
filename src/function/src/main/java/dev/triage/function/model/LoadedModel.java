package dev.triage.function.model;

import dev.triage.core.TextClassifier;
import dev.triage.core.bundle.ModelBundle;
import dev.triage.core.logits.InferenceSettings;
import dev.triage.function.config.TriageConfig;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * One model a function answers with, loaded once and checked before it answers anything: a bundle
 * that is missing or corrupt throws from the constructor with the bundle's own message.
 */
public abstract class LoadedModel {

    private static final Logger LOG = Logger.getLogger(LoadedModel.class);

    static {
        DjlDefaults.apply(); // before any tokenizer class loads
    }

    private final TextClassifier classifier;

    protected LoadedModel(String role, Optional<String> location, Supplier<ModelBundle> builtIn, TriageConfig config,
                          BundleLoader loader) {
        long start = System.nanoTime();
        ModelBundle bundle = loader.load(location, builtIn);
        this.classifier = TextClassifier.open(bundle, settings(config.inference()));
        LOG.infof("%s model %s loaded from %s in %d ms", role, bundle.id(), location.orElse("the built-in default"),
                (System.nanoTime() - start) / 1_000_000);
    }

    /** For CDI's client proxies only. */
    protected LoadedModel() {
        this.classifier = null;
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

    protected void close() {
        if (classifier != null) {
            classifier.close();
        }
    }
}
