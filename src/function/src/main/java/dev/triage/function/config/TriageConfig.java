package dev.triage.function.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;
import java.util.OptionalInt;

/** Every {@code triage.*} setting of the function; environment variables map as TRIAGE_MODEL_LOCATION etc. */
@ConfigMapping(prefix = "triage")
public interface TriageConfig {

    Model model();

    Inference inference();

    Limits limits();

    interface Model {
        /** A bundle folder; unset: the built-in default model. */
        Optional<String> location();
    }

    interface Inference {
        /** ONNX Runtime intra-op threads; unset: the cores the JVM sees. */
        OptionalInt intraOpThreads();

        /** ONNX Runtime inter-op threads (1: operators run one after another). */
        @WithDefault("1")
        int interOpThreads();

        /** cpu, or cuda with the onnxruntime_gpu artifact on a GPU host. */
        @WithDefault("cpu")
        String provider();
    }

    interface Limits {
        /** Longest text accepted, in characters; the model reads at most its max sequence of tokens anyway. */
        @WithDefault("20000")
        int maxTextChars();

        /** Most texts in one request. */
        @WithDefault("64")
        int maxBatchSize();
    }
}
