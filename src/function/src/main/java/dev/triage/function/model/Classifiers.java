package dev.triage.function.model;

import dev.triage.core.TextClassifier;
import dev.triage.core.bundle.BundleSource;
import dev.triage.core.logits.InferenceSettings;
import dev.triage.defaultmodel.DefaultModel;
import dev.triage.function.config.TriageConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Produces the two classifiers a function may answer with, each loaded once, when first needed, and
 * checked before it answers anything: a bundle that is missing, corrupt, or not the one the function
 * is pinned to throws here with the bundle's own message. {@link ModelPreloader} makes "first needed"
 * start-up for the exported function's model. Singletons: a classifier needs no client proxy.
 *
 * <p>One artifact can so serve {@code classify} with the emotion model and {@code classifyEmail}
 * with the spam model, each Lambda loading only its own.
 */
@ApplicationScoped
public class Classifiers {

    private static final Logger LOG = Logger.getLogger(Classifiers.class);
    // One instance each, so that two model sources of the same built-in model are equal.
    private static final Supplier<BundleSource> BUILT_IN_EMOTION = DefaultModel::emotion;
    private static final Supplier<BundleSource> BUILT_IN_SPAM = DefaultModel::spam;

    /** {@code triage.model.*}, else the built-in emotion model. */
    @Produces
    @Singleton
    @TextModel
    public TextClassifier text(TriageConfig config, BundleLoader loader) {
        return open("text", textSource(config.model().location(), config.model().sha256()), config.inference(), loader);
    }

    /**
     * {@code triage.email.model.*}; where no e-mail location is set, the shared {@code triage.model.*};
     * else the built-in spam model. {@code triage.email.model.sha256}, when set, pins it in every case.
     */
    @Produces
    @Singleton
    @EmailModel
    public TextClassifier email(TriageConfig config, BundleLoader loader) {
        TriageConfig.Model email = config.email().model();
        return open("email", emailSource(email.location(), email.sha256(), config.model().location(), config.model().sha256()),
                config.inference(), loader);
    }

    /** Where {@code classify}'s model comes from ({@link SessionHeadStart} asks too, before Quarkus boots). */
    static ModelSource textSource(Optional<String> location, Optional<String> sha256) {
        return new ModelSource(location, sha256, "triage.model.location", "triage.model.sha256", BUILT_IN_EMOTION);
    }

    /** Where {@code classifyEmail}'s model comes from: its own location, else the shared one, else the built-in spam model. */
    static ModelSource emailSource(Optional<String> emailLocation, Optional<String> emailSha256, Optional<String> location,
                                   Optional<String> sha256) {
        boolean own = emailLocation.isPresent();
        String pinKey = emailSha256.isPresent() || own ? "triage.email.model.sha256" : "triage.model.sha256";
        String locationKey = own ? "triage.email.model.location" : "triage.model.location";
        return new ModelSource(own ? emailLocation : location, emailSha256.or(() -> own ? Optional.empty() : sha256), locationKey,
                pinKey, BUILT_IN_SPAM);
    }

    void close(@Disposes @TextModel TextClassifier classifier) {
        classifier.close();
    }

    void closeEmail(@Disposes @EmailModel TextClassifier classifier) {
        classifier.close();
    }

    private static TextClassifier open(String role, ModelSource source, TriageConfig.Inference inference, BundleLoader loader) {
        long start = System.nanoTime();
        TextClassifier classifier = loader.open(source, settings(inference));
        LOG.infof("%s model %s loaded from %s in %d ms", role, classifier.bundle().id(), source.location().orElse("the built-in default"),
                (System.nanoTime() - start) / 1_000_000);
        return classifier;
    }

    static InferenceSettings settings(TriageConfig.Inference inference) {
        return settings(inference.intraOpThreads(), inference.interOpThreads(), inference.provider());
    }

    static InferenceSettings settings(OptionalInt intraOpThreads, int interOpThreads, String provider) {
        int intra = intraOpThreads.orElse(Runtime.getRuntime().availableProcessors());
        InferenceSettings.ExecutionProvider executionProvider;
        try {
            executionProvider = InferenceSettings.ExecutionProvider.valueOf(provider.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("triage.inference.provider must be cpu or cuda, is '" + provider + "'");
        }
        return new InferenceSettings(intra, interOpThreads, executionProvider);
    }
}
