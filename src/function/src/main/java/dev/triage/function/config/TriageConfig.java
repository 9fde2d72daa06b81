package dev.triage.function.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.util.Optional;
import java.util.OptionalInt;

/** Every {@code triage.*} setting of the function; environment variables map as TRIAGE_MODEL_LOCATION etc. */
@ConfigMapping(prefix = "triage")
public interface TriageConfig {

    Model model();

    Inference inference();

    Limits limits();

    Email email();

    Aws aws();

    Log log();

    interface Model {
        /**
         * The bundle of {@code classify}: a folder, or {@code s3://bucket/prefix/} (downloaded to /tmp and
         * checked against triage.json at start-up); unset: the built-in default model (emotion).
         */
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

        /** Largest HTTP body accepted through API Gateway, in bytes (decoded); above it: 413. */
        @WithDefault("1048576")
        int maxBodyBytes();
    }

    interface Email {
        Model model();

        /** Characters of body text after the subject that are tokenized; the model's max sequence cuts again. */
        @WithDefault("2000")
        int maxBodyChars();

        /** Largest raw message read from S3; SES stores at most 40 MB. */
        @WithDefault("41943040")
        long maxObjectBytes();

        /** SQS queue URL the results go to; unset: objects are only tagged. */
        Optional<String> outputQueueUrl();
    }

    interface Aws {
        /** Region of the S3 and SQS clients; unset: the SDK's chain (AWS_REGION on Lambda). */
        Optional<String> region();

        /** S3 endpoint for a stand-in (path-style access); unset: AWS. */
        Optional<URI> s3Endpoint();

        /** SQS endpoint for a stand-in; unset: AWS. */
        Optional<URI> sqsEndpoint();
    }

    interface Log {
        /** Log the texts and subjects classified. Off: they are personal data and stay out of logs. */
        @WithDefault("false")
        boolean includeText();
    }
}
