package dev.triage.defaultmodel;

import dev.triage.core.bundle.BundleCache;
import dev.triage.core.bundle.BundleSource;
import dev.triage.core.bundle.ModelBundle;
import java.nio.file.Path;

/**
 * The models Triage answers with when none is configured, built into this jar as class-path
 * resources, both fine-tuned MiniLM models in int8: emotion-minilm-finetuned-int8 for {@code classify}
 * ({@link #emotion()}) and spam-minilm-finetuned-int8 for {@code classifyEmail} ({@link #spam()}). A Lambda zip carries them as
 * plain files, loaded where they lie; from this jar, {@link BundleCache} copies them out once.
 */
public final class DefaultModel {

    static final String RESOURCES = "dev/triage/defaultmodel/bundle/";
    static final String SPAM_RESOURCES = "dev/triage/defaultmodel/spam/";

    private DefaultModel() {
    }

    /** The built-in emotion model (labels sadness, joy, love, anger, fear, surprise). */
    public static BundleSource emotion() {
        return BundleSource.classpath(DefaultModel.class.getClassLoader(), RESOURCES);
    }

    /** The built-in e-mail model, spam-minilm-finetuned-int8 (labels ham, spam). */
    public static BundleSource spam() {
        return BundleSource.classpath(DefaultModel.class.getClassLoader(), SPAM_RESOURCES);
    }

    /** The emotion model, loaded (copied under {@code java.io.tmpdir/triage-models} where it must be). */
    public static ModelBundle load() {
        return new BundleCache(BundleCache.defaultRoot()).load(emotion());
    }

    public static ModelBundle loadSpam() {
        return new BundleCache(BundleCache.defaultRoot()).load(spam());
    }

    /** The emotion bundle's folder on disk. */
    public static Path directory() {
        return load().directory();
    }

    /** The spam bundle's folder on disk. */
    public static Path spamDirectory() {
        return loadSpam().directory();
    }
}
