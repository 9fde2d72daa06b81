package dev.triage.benchmarks.soak;

import dev.triage.core.files.Folders;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Lambda zip started as Lambda starts it, against a local Runtime API: unpacked into a task
 * folder (as into /var/task, with the zip's file modes), a fresh /tmp, then either the zip's own
 * {@code bootstrap} (a {@code provided.al2023} custom runtime) or, as the managed java runtimes do,
 * a JVM with the task folder and lib/*.jar on its class path running AWS's runtime interface client.
 */
final class FunctionProcess implements AutoCloseable {

    /** The handler the function is deployed with (infra/modules/lambda_function): Funqy's, with the model begun before Quarkus boots. */
    static final String HANDLER = "dev.triage.function.aws.HeadStartStreamHandler::handleRequest";
    /** Funqy's own handler, which zips built before 2026-12-01 were deployed with (for before-and-after runs). */
    static final String FUNQY_HANDLER = "io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest";
    private static final String HANDLER_CLASS = "dev/triage/function/aws/HeadStartStreamHandler.class";

    final Process process;
    final Path log;
    final long launchedEpochMs;
    final long launchedNanos;

    private FunctionProcess(Process process, Path log, long launchedEpochMs, long launchedNanos) {
        this.process = process;
        this.log = log;
        this.launchedEpochMs = launchedEpochMs;
        this.launchedNanos = launchedNanos;
    }

    /**
     * Unpacks and starts a zip. {@code java} runs a zip without a bootstrap; {@code javaToolOptions}
     * (may be empty) is passed as JAVA_TOOL_OPTIONS, as a Lambda's environment would.
     */
    static FunctionProcess start(Path zip, Path workDir, String java, List<String> jvmOptions, String javaToolOptions,
                                 LambdaRuntimeApi api, String export) throws IOException {
        return start(unzip(zip, workDir.resolve("task")), workDir, java, jvmOptions, javaToolOptions, api, export, Map.of());
    }

    /** Starts a function already unpacked in {@code task}, with {@code environment} added to what Lambda sets. */
    static FunctionProcess start(Path task, Path workDir, String java, List<String> jvmOptions, String javaToolOptions,
                                 LambdaRuntimeApi api, String export, Map<String, String> environment) throws IOException {
        // A fresh /tmp, as a new Lambda sandbox has: models and native libraries are unpacked in the cold start.
        Path tmp = emptied(workDir.resolve("tmp"));
        Path log = workDir.resolve("function.log");
        List<String> command = new ArrayList<>();
        Path bootstrap = task.resolve("bootstrap");
        if (Files.isRegularFile(bootstrap)) {
            command.add(bootstrap.toString());
        } else {
            command.add(java);
            command.addAll(jvmOptions);
            command.add("-Djava.io.tmpdir=" + tmp);
            command.add("-cp");
            command.add(task + File.pathSeparator + task.resolve("lib") + File.separator + "*" + File.pathSeparator
                    + LambdaSoak.runtimeClientClassPath());
            command.add("com.amazonaws.services.lambda.runtime.api.client.AWSLambda");
            command.add(handlerOf(task));
        }
        ProcessBuilder builder = new ProcessBuilder(command).directory(task.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("AWS_LAMBDA_RUNTIME_API", api.address());
        builder.environment().put("LAMBDA_TASK_ROOT", task.toString());
        builder.environment().put("QUARKUS_FUNQY_EXPORT", export);
        builder.environment().put("AWS_LAMBDA_FUNCTION_NAME", "triage-soak");
        builder.environment().put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "2048");
        builder.environment().put("_HANDLER", handlerOf(task));
        // On Lambda everything is unpacked into /tmp, empty in a new sandbox. Quarkus' Lambda extension
        // sets java.io.tmpdir to /tmp as the application starts, so this run's own /tmp is named to
        // each unpacker: the model cache (TRIAGE_DEFAULT_MODEL_DIR for builds before the one cache),
        // DJL's cache (the tokenizer's native library; on Lambda, DjlDefaults puts it in /tmp), and the
        // custom runtime's bootstrap.
        builder.environment().put("TRIAGE_MODEL_CACHE_DIR", tmp.resolve("triage-models").toString());
        builder.environment().put("TRIAGE_DEFAULT_MODEL_DIR", tmp.toString());
        builder.environment().put("DJL_CACHE_DIR", tmp.resolve("djl").toString());
        builder.environment().put("TRIAGE_TMP_DIR", tmp.toString());
        builder.environment().putIfAbsent("TRIAGE_INFERENCE_INTRA_OP_THREADS", "2");
        builder.environment().putAll(environment);
        if (!javaToolOptions.isBlank()) {
            builder.environment().put("JAVA_TOOL_OPTIONS", javaToolOptions);
        } else {
            builder.environment().remove("JAVA_TOOL_OPTIONS");
        }
        long epoch = System.currentTimeMillis();
        long nanos = System.nanoTime();
        return new FunctionProcess(builder.start(), log, epoch, nanos);
    }

    /** {@link #HANDLER} where the unpacked zip has its class (as a plain file, or in the jdk25 flavour's app jar), else Funqy's. */
    static String handlerOf(Path task) throws IOException {
        if (Files.isRegularFile(task.resolve(HANDLER_CLASS))) {
            return HANDLER;
        }
        Path appJar = task.resolve("lib").resolve("0-triage-app.jar");
        if (Files.isRegularFile(appJar)) {
            try (java.util.zip.ZipFile jar = new java.util.zip.ZipFile(appJar.toFile())) {
                if (jar.getEntry(HANDLER_CLASS) != null) {
                    return HANDLER;
                }
            }
        }
        return FUNQY_HANDLER;
    }

    /** Unpacked with the system's unzip, which keeps the file modes (bootstrap and the runtime's bin/ must stay executable). */
    static Path unzip(Path zip, Path target) throws IOException {
        emptied(target);
        Process unzip = new ProcessBuilder("unzip", "-q", zip.toAbsolutePath().toString(), "-d", target.toString())
                .redirectErrorStream(true).start();
        try {
            String output = new String(unzip.getInputStream().readAllBytes());
            if (unzip.waitFor() != 0) {
                throw new IOException("unzip " + zip + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while unzipping " + zip, e);
        }
        return target;
    }

    private static Path emptied(Path folder) throws IOException {
        Folders.deleteRecursively(folder);
        return Files.createDirectories(folder);
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
