package dev.triage.function.model;

import dev.triage.core.bundle.BundleCache;
import dev.triage.core.bundle.ModelBundle;
import dev.triage.core.logits.InferenceSettings;
import dev.triage.core.logits.LogitsSession;
import dev.triage.core.logits.OnnxSessions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * The exported function's built-in model, its ONNX session begun on a thread of its own before
 * Quarkus boots, so that the session's creation (the longest step of a cold start) runs on the
 * second core while Quarkus boots on the first (docs/benchmarks.md, "Cold start and soak").
 *
 * <p>Lambda's handler ({@code dev.triage.function.aws.HeadStartStreamHandler}) begins it before
 * anything of Quarkus exists, so it reads the few settings it needs itself, from the same sources in
 * the same order as Quarkus (system properties, environment variables, application.properties with
 * the prod profile). It is a guess that {@link BundleLoader} checks: the session is used only by a
 * load of the very same model source with the very same inference settings; otherwise it is closed
 * and the model is loaded as without it. It runs exactly the loader's own code on exactly the same
 * input, so a model that fails fails with the same message either way. Only a built-in model gets
 * one (nothing is downloaded before Quarkus boots).
 */
public final class SessionHeadStart {

    private static final Logger LOG = Logger.getLogger(SessionHeadStart.class);
    private static final Object LOCK = new Object();
    private static SessionHeadStart current;
    /** A load came: a head start that begins after it would only hold a session nobody uses. */
    private static boolean claimed;

    private final ModelSource source;
    private final InferenceSettings settings;
    private final Path cacheRoot;
    private final CompletableFuture<ModelBundle> bundle = new CompletableFuture<>();
    private final CompletableFuture<LogitsSession> session = new CompletableFuture<>();
    private final Map<String, Double> phases = new LinkedHashMap<>();

    private SessionHeadStart(ModelSource source, InferenceSettings settings, Path cacheRoot) {
        this.source = source;
        this.settings = settings;
        this.cacheRoot = cacheRoot;
    }

    /**
     * Begins the head start of this process (once), on a thread of its own; the caller goes on at
     * once. Not on a single processor: there it has no second core to overlap with, and only adds
     * its reading of the settings (one core: 1,644 against 1,586 ms, docs/benchmarks.md).
     */
    public static void beginForThisProcess() {
        if (Runtime.getRuntime().availableProcessors() < 2) {
            return;
        }
        Thread thread = new Thread(() -> {
            try {
                long start = System.nanoTime();
                Function<String, Optional<String>> config = quarkusLikeSettings();
                double settingsMs = Math.round((System.nanoTime() - start) / 1e5) / 10.0;
                begin(config, settingsMs);
            } catch (RuntimeException | Error e) {
                // Only a head start: the model is loaded as usual at Quarkus' start, which reports any failure.
                LOG.debugf(e, "no head start: %s", e.getMessage());
            }
        }, "triage-session-head-start");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * The head start of the model the exported function will load (as the settings that
     * {@code config} looks up say), begun, or empty where that model is not a built-in one. It is
     * made the process's head start first, so that a load that begins meanwhile waits for it; then
     * it runs on the calling thread.
     */
    static Optional<SessionHeadStart> begin(Function<String, Optional<String>> config) {
        return begin(config, -1);
    }

    /** As {@link #begin(Function)}, with the time reading the settings took (negative: not measured). */
    private static Optional<SessionHeadStart> begin(Function<String, Optional<String>> config, double settingsMs) {
        String export = value(config, "quarkus.funqy.export").orElse("classify");
        // The model the preloader loads first: classifyArchive loads the e-mail model, then the text model.
        boolean email = ModelPreloader.EMAIL_FUNCTION.equals(export) || ModelPreloader.ARCHIVE_FUNCTION.equals(export);
        ModelSource source = email
                ? Classifiers.emailSource(value(config, "triage.email.model.location"), value(config, "triage.email.model.sha256"),
                        value(config, "triage.model.location"), value(config, "triage.model.sha256"))
                : Classifiers.textSource(value(config, "triage.model.location"), value(config, "triage.model.sha256"));
        if (source.location().isPresent()) {
            return Optional.empty();
        }
        // TriageConfig.Inference's defaults; were they to differ, BundleLoader would not use this session.
        InferenceSettings settings = Classifiers.settings(
                value(config, "triage.inference.intra-op-threads").map(v -> OptionalInt.of(Integer.parseInt(v))).orElse(OptionalInt.empty()),
                value(config, "triage.inference.inter-op-threads").map(Integer::parseInt).orElse(1),
                value(config, "triage.inference.provider").orElse("cpu"));
        Path cacheRoot = value(config, "triage.model-cache-dir").map(Path::of).orElseGet(BundleCache::defaultRoot);
        SessionHeadStart headStart = new SessionHeadStart(source, settings, cacheRoot);
        if (settingsMs >= 0) {
            headStart.phases.put("headStart.settings", settingsMs);
        }
        if (install(headStart)) {
            headStart.run();
        }
        return Optional.of(headStart);
    }

    private void run() {
        // A built-in model: read where it lies in a zip, or copied out of its jar into the cache.
        BundleLoader loader = new BundleLoader(() -> {
            throw new IllegalStateException("no S3 client before Quarkus boots");
        }, new BundleCache(cacheRoot));
        try {
            time("headStart.onnxRuntimeNative", () -> {
                OnnxSessions.environment();
                return null;
            });
            ModelBundle loaded = time("headStart.bundle", () -> loader.load(source));
            bundle.complete(loaded);
            session.complete(time("headStart.onnxSession", () -> LogitsSession.open(loaded, settings)));
        } catch (RuntimeException | Error e) {
            bundle.completeExceptionally(e);
            session.completeExceptionally(e);
        }
    }

    private <T> T time(String phase, Supplier<T> step) {
        long start = System.nanoTime();
        try {
            return step.get();
        } finally {
            synchronized (phases) {
                phases.put(phase, Math.round((System.nanoTime() - start) / 1e5) / 10.0);
            }
        }
    }

    /** Makes it the head start {@link #claim} hands out, unless a load has already come and gone (then it is not run). */
    private static boolean install(SessionHeadStart headStart) {
        synchronized (LOCK) {
            if (current != null || claimed) {
                return false;
            }
            current = headStart;
            return true;
        }
    }

    /**
     * The head start for exactly this model source and these settings, taken (each is used once),
     * or empty. One begun for anything else is closed, and a log line says why. A load that comes
     * while the head start is still making its session waits for it.
     */
    static Optional<SessionHeadStart> claim(ModelSource source, InferenceSettings settings) {
        SessionHeadStart headStart;
        synchronized (LOCK) {
            headStart = current;
            current = null;
            claimed = true;
        }
        if (headStart == null) {
            return Optional.empty();
        }
        if (!headStart.source.equals(source) || !headStart.settings.equals(settings)) {
            LOG.infof("the session begun before Quarkus booted (%s, %s) is not the one asked for (%s, %s): closed, and the "
                    + "model loaded as usual", describe(headStart.source), headStart.settings, describe(source), settings);
            headStart.discard();
            return Optional.empty();
        }
        return Optional.of(headStart);
    }

    /** Its bundle, waited for; the load's own failure as thrown. */
    ModelBundle bundle() {
        return bundle.join();
    }

    /** Its session, still being made perhaps. */
    CompletableFuture<LogitsSession> session() {
        return session;
    }

    /** What its steps took, for the start-up timeline (complete once the session is). */
    Map<String, Double> phases() {
        synchronized (phases) {
            return new LinkedHashMap<>(phases);
        }
    }

    /** Closes its session once made; waits for its bundle, so that no other load copies the same one into the cache meanwhile. */
    /** Forgets that a load came: each test of a process begins afresh. */
    static void reset() {
        synchronized (LOCK) {
            claimed = false;
            current = null;
        }
    }

    private void discard() {
        session.thenAccept(LogitsSession::close);
        try {
            bundle.join();
        } catch (RuntimeException e) {
            // Its failure is not this load's: the model is loaded as usual, and fails or not on its own.
        }
    }

    /**
     * Settings as Quarkus reads them for its prod profile, for the few plain keys the head start
     * needs: a system property, else the environment variable Quarkus maps the key to
     * (TRIAGE_INFERENCE_INTRA_OP_THREADS), else application.properties ({@code %prod.} first). No
     * expressions or other sources: where Quarkus would read another value, the head start's session
     * is simply not used. Plain lookups, not a SmallRye Config of its own: building one took 82 ms
     * of the head start (docs/benchmarks.md).
     */
    static Function<String, Optional<String>> quarkusLikeSettings() {
        Properties application = new Properties();
        URL properties = SessionHeadStart.class.getClassLoader().getResource("application.properties");
        if (properties != null) {
            try (InputStream in = properties.openStream()) {
                application.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return key -> Optional.ofNullable(System.getProperty(key))
                .or(() -> Optional.ofNullable(System.getenv(key.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(Locale.ROOT))))
                .or(() -> Optional.ofNullable(application.getProperty("%prod." + key, application.getProperty(key))));
    }

    private static String describe(ModelSource source) {
        return source == null ? "none" : source.location().orElseGet(() -> "the built-in model " + source.builtIn().get());
    }

    /** A setting, where it is set and not empty (as Quarkus reads an empty value: unset). */
    private static Optional<String> value(Function<String, Optional<String>> config, String key) {
        return config.apply(key).map(String::trim).filter(v -> !v.isEmpty());
    }
}
