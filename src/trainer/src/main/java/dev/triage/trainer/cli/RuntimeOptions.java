package dev.triage.trainer.cli;

import dev.triage.core.logits.InferenceSettings;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command shares: threads and the cache folder. */
public final class RuntimeOptions {

    @Option(names = "--threads", description = "ONNX Runtime intra-op threads (default: the cores the JVM sees).")
    Integer threads;

    @Option(names = "--cache-dir", description = "Where extracted encoders and computed features are kept "
            + "(default: $TRIAGE_CACHE_DIR, else ~/.cache/triage).")
    Path cacheDir;

    InferenceSettings inference() {
        return threads == null ? InferenceSettings.defaults() : InferenceSettings.cpu(threads);
    }

    Path cacheDir() {
        if (cacheDir != null) {
            return cacheDir;
        }
        String fromEnvironment = System.getenv("TRIAGE_CACHE_DIR");
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Path.of(fromEnvironment);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "triage");
    }
}
