package dev.triage.function.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalInt;

/** Every {@code triage.*} setting of the function; environment variables map as TRIAGE_MODEL_LOCATION etc. */
@ConfigMapping(prefix = "triage")
public interface TriageConfig {

    Model model();

    Inference inference();

    Limits limits();

    Email email();

    Archive archive();

    Aws aws();

    Log log();

    /**
     * Where bundles that must be copied (from S3, or a built-in model inside a jar) are kept, one
     * folder per bundle: TRIAGE_MODEL_CACHE_DIR. Unset: {@code java.io.tmpdir/triage-models} (Lambda: /tmp).
     */
    Optional<Path> modelCacheDir();

    interface Model {
        /**
         * The bundle of {@code classify}: a folder, or {@code s3://bucket/prefix/} (downloaded to /tmp and
         * checked against triage.json at start-up); unset: the built-in default model (emotion).
         */
        Optional<String> location();

        /**
         * The sha256 of the bundle's triage.json this function is pinned to ({@code deploy} passes it): a
         * bundle with another triage.json is refused at start-up. Unset: no check (built-in model, dev).
         */
        Optional<String> sha256();
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

        /** Largest raw message read from S3; SES stores at most 40 MB. A larger one is a permanent failure. */
        @WithDefault("41943040")
        long maxObjectBytes();

        /** SQS queue URL the results go to; unset: objects are only tagged. */
        Optional<String> outputQueueUrl();

        /**
         * Largest result message, body and attributes, in bytes: the output queue's MaximumMessageSize
         * (SQS allows up to 1 MiB, 1,048,576; 262,144 is the Terraform AWS provider's default for a queue).
         */
        @WithDefault("262144")
        int maxResultBytes();

        /**
         * Time one SQS record may take. Records run one after another, so one hostile message must not
         * use up the batch's time: a record past its budget stops at its next step and is retried, and
         * recorded as a permanent failure once it has run out {@code budget-attempts} times. Keep
         * batch size x budget under the function's timeout.
         */
        @WithDefault("10s")
        Duration recordBudget();

        /** Receives of a record that ran out of its budget each time before it counts as a permanent failure. */
        @WithDefault("2")
        int budgetAttempts();
    }

    /** {@code classifyArchive}: batches of stored e-mails or files of texts from a Step Functions Distributed Map. */
    interface Archive {
        /** Bucket the per-batch results objects go to (TRIAGE_ARCHIVE_RESULTS_BUCKET); required by classifyArchive. */
        Optional<String> resultsBucket();

        /**
         * Time one invocation spends on its items. Items not started when it is spent, and the rest of a file of
         * texts being read, become error results rather than a timeout that loses the batch's results: keep the
         * Lambda's timeout above it, with a minute for writing the results.
         */
        @WithDefault("10m")
        Duration timeBudget();

        /** Longest line (CSV record) of a file of texts, in bytes; a longer one is skipped and reported. */
        @WithDefault("1048576")
        int maxLineBytes();

        /** Lines of a file of texts classified together in one session run (throughput; docs/benchmarks.md). */
        @WithDefault("8")
        int textBatchSize();
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
