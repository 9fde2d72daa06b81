package dev.triage.function.model;

import dev.triage.core.TextClassifier;
import dev.triage.core.bundle.BundleCache;
import dev.triage.core.bundle.BundleSource;
import dev.triage.core.bundle.ModelBundle;
import dev.triage.core.bundle.Sha256;
import dev.triage.core.logits.InferenceSettings;
import dev.triage.core.logits.LogitsSession;
import dev.triage.core.logits.OnnxSessions;
import dev.triage.core.tokens.TextTokenizer;
import dev.triage.function.config.TriageConfig;
import dev.triage.function.ops.StartupTimeline;
import dev.triage.s3.S3BundleSource;
import dev.triage.s3.S3Location;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Turns a configured model location into an open classifier: unset means a built-in model,
 * {@code s3://bucket/prefix/} is downloaded, anything else is a local folder; core's
 * {@link BundleCache} copies and verifies what must be copied. Where the function is pinned to a
 * sha256 of triage.json (what {@code deploy} passes, so a Lambda serves exactly the bundle it was
 * deployed with), triage.json is read first and a bundle with another digest is refused before any
 * other file is read.
 */
@ApplicationScoped
public class BundleLoader {

    private final Supplier<S3Client> s3;
    private final BundleCache cache;
    private final StartupTimeline timeline;

    @Inject
    public BundleLoader(Instance<S3Client> s3, TriageConfig config, StartupTimeline timeline) {
        this(s3::get, new BundleCache(config.modelCacheDir().orElseGet(BundleCache::defaultRoot)), timeline);
    }

    public BundleLoader(Supplier<S3Client> s3, BundleCache cache) {
        this(s3, cache, new StartupTimeline());
    }

    BundleLoader(Supplier<S3Client> s3, BundleCache cache, StartupTimeline timeline) {
        this.s3 = s3;
        this.cache = cache;
        this.timeline = timeline;
    }

    /**
     * The classifier of a model source, each step timed for the start-up timeline: the native
     * libraries (loaded once per process), the bundle (copied or found, checked, read), the tokenizer
     * and the ONNX Runtime session (graph load and optimisation). The session is made on a thread of
     * its own while this one loads the tokenizer: they share nothing but the bundle, which is loaded,
     * and hashed where it must be, before either parser reads a file of it. Whatever fails first on
     * this thread is what is thrown (a bundle that fails its check is named as such, whatever the
     * session made of it); a session that was made all the same is closed. Where
     * {@link SessionHeadStart} began this very source's session before Quarkus booted, that one is used.
     */
    public TextClassifier open(ModelSource source, InferenceSettings settings) {
        Optional<SessionHeadStart> headStart = SessionHeadStart.claim(source, settings);
        if (headStart.isPresent()) {
            return fromHeadStart(headStart.get());
        }
        CompletableFuture<ModelBundle> bundleLoaded = new CompletableFuture<>();
        CompletableFuture<LogitsSession> session = CompletableFuture.supplyAsync(() -> {
            timeline.time("onnxRuntimeNative", OnnxSessions::environment);
            ModelBundle bundle = bundleLoaded.join();
            return timeline.time("onnxSession", () -> LogitsSession.open(bundle, settings));
        }, BundleLoader::onItsOwnThread);
        ModelBundle bundle;
        try {
            bundle = timeline.time("bundle", () -> load(source));
        } catch (RuntimeException | Error e) {
            bundleLoaded.completeExceptionally(e); // a session still waiting for the bundle gives up
            closeWhenMade(session);
            throw e;
        }
        bundleLoaded.complete(bundle); // the session, the longest step, starts as soon as its native library is loaded
        return withTokenizer(bundle, session);
    }

    /**
     * The classifier from the session {@link SessionHeadStart} began before Quarkus booted: the same
     * bundle and session {@code open} would have made (it ran the same code), so the same failures.
     */
    private TextClassifier fromHeadStart(SessionHeadStart headStart) {
        ModelBundle bundle;
        try {
            bundle = timeline.time("bundle", headStart::bundle);
        } catch (CompletionException e) {
            closeWhenMade(headStart.session());
            throw unwrapped(e);
        }
        TextClassifier classifier = withTokenizer(bundle, headStart.session());
        headStart.phases().forEach(timeline::record);
        return classifier;
    }

    /** The tokenizer loaded on this thread, then the classifier once the session is made. */
    private TextClassifier withTokenizer(ModelBundle bundle, CompletableFuture<LogitsSession> session) {
        TextTokenizer tokenizer = null;
        try {
            timeline.time("tokenizerNative", TextTokenizer::loadNativeLibrary);
            tokenizer = timeline.time("tokenizer", () -> TextTokenizer.open(bundle.tokenizerFile(), bundle.maxSequenceLength()));
            LogitsSession made = timeline.time("sessionWait", () -> awaited(session));
            return TextClassifier.of(bundle, tokenizer, made);
        } catch (RuntimeException | Error e) {
            if (tokenizer != null) {
                tokenizer.close();
            }
            closeWhenMade(session);
            throw e;
        }
    }

    private static void onItsOwnThread(Runnable task) {
        Thread thread = new Thread(task, "triage-onnx-session");
        thread.setDaemon(true);
        thread.start();
    }

    /** The session, or the session's own failure as it was thrown (not wrapped in a CompletionException). */
    private static LogitsSession awaited(CompletableFuture<LogitsSession> session) {
        try {
            return session.join();
        } catch (CompletionException e) {
            throw unwrapped(e);
        }
    }

    private static RuntimeException unwrapped(CompletionException e) {
        if (e.getCause() instanceof RuntimeException failure) {
            return failure;
        }
        if (e.getCause() instanceof Error failure) {
            throw failure;
        }
        return e;
    }

    private static void closeWhenMade(CompletableFuture<LogitsSession> session) {
        try {
            session.join().close();
        } catch (RuntimeException | Error e) {
            // It failed too, or waited for the bundle that failed: what this thread threw is the cause to name.
        }
    }

    ModelBundle load(ModelSource source) {
        String location = source.location().map(String::trim).filter(l -> !l.isEmpty()).orElse(null);
        BundleSource bundle = location == null ? source.builtIn().get()
                : S3Location.isS3(location) ? new S3BundleSource(s3.get(), S3Location.parse(location))
                : BundleSource.folder(Path.of(location));
        String where = location == null ? "the built-in model" : location;
        Optional<byte[]> manifest;
        try {
            manifest = BundleCache.readManifest(bundle);
        } catch (UncheckedIOException e) {
            throw new ModelLoadException(e.getMessage(), e);
        }
        if (location == null && manifest.isEmpty()) {
            throw new ModelLoadException(source.locationKey() + " is unset, and this build has no built-in model for it (its "
                    + "-Dtriage.models left it out): set " + source.locationKey() + " to a bundle folder or s3:// prefix");
        }
        boolean absentFolder = bundle.folder().map(folder -> !Files.isDirectory(folder)).orElse(false);
        if (source.sha256().isPresent() && !absentFolder) { // an absent folder is named by the load itself
            checkPin(where, manifest, source.sha256().get().trim(), source.pinKey());
        }
        try {
            return cache.load(manifest, bundle);
        } catch (UncheckedIOException e) {
            throw new ModelLoadException(e.getMessage(), e);
        }
    }

    private static void checkPin(String where, Optional<byte[]> manifest, String expected, String key) {
        if (!expected.matches("[0-9a-fA-F]{64}")) {
            throw new ModelLoadException(key + " is '" + expected + "', not a sha256 (64 hexadecimal digits)");
        }
        if (manifest.isEmpty()) {
            throw new ModelLoadException("model bundle " + where + " has no triage.json, but this function is pinned to "
                    + "one with sha256 " + expected.toLowerCase(Locale.ROOT) + " (" + key + "): nothing was loaded");
        }
        String actual = Sha256.of(manifest.get());
        if (!actual.equalsIgnoreCase(expected)) {
            throw new ModelLoadException("model bundle " + where + ": its triage.json has sha256 " + actual
                    + ", but this function is pinned to " + expected.toLowerCase(Locale.ROOT) + " (" + key
                    + "): it is not the bundle that was deployed; nothing was loaded");
        }
    }
}
