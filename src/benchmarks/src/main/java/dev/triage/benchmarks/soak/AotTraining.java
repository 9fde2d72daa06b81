package dev.triage.benchmarks.soak;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * The training run of the jdk25 flavour's Project Leyden AOT cache: starts an unpacked function
 * folder's own {@code bootstrap} with {@code TRIAGE_AOT_TRAINING} set (the JVM records what it loads
 * and links, and writes the cache as it exits), as Lambda would start it, against a local Runtime
 * API; sends it classify invocations, then stops it and waits for the cache. The cache is only valid
 * for the runtime image and class path it was made with: run it on the folder that is then zipped.
 *
 * <pre>
 * java -cp src/benchmarks/target/triage-benchmarks.jar dev.triage.benchmarks.soak.AotTraining task/ task/app.aot model-folder [invocations]
 * </pre>
 * The training class path holds no folder (a cache cannot be made with one), so the built-in
 * model, a plain folder of the zip, is named to the function as a folder ({@code TRIAGE_MODEL_LOCATION}).
 */
public final class AotTraining {

    private AotTraining() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: AotTraining task-folder cache-file model-folder [invocations]");
        }
        Path task = Path.of(args[0]).toAbsolutePath();
        Path cache = Path.of(args[1]).toAbsolutePath();
        Path model = Path.of(args[2]).toAbsolutePath();
        int invocations = args.length > 3 ? Integer.parseInt(args[3]) : 50;
        if (!Files.isExecutable(task.resolve("bootstrap"))) {
            throw new IllegalArgumentException(task + " has no executable bootstrap: not an unpacked custom-runtime function");
        }
        Files.deleteIfExists(cache);
        Path work = Files.createTempDirectory("aot-training");
        try (LambdaRuntimeApi api = new LambdaRuntimeApi()) {
            FunctionProcess function = FunctionProcess.start(task, work, "unused", List.of(), "", api, "classify",
                    Map.of("TRIAGE_AOT_TRAINING", cache.toString(), "TRIAGE_MODEL_LOCATION", model.toString()));
            try {
                for (int i = 0; i < invocations; i++) {
                    String answer = api.invoke(LambdaSoak.event(i)).get(300, TimeUnit.SECONDS);
                    if (!answer.contains("\"label\"")) {
                        throw new IllegalStateException("training invocation " + i + " did not classify: " + answer + "; see " + function.log);
                    }
                }
            } catch (ExecutionException e) {
                throw new IllegalStateException("the training run failed; see " + function.log, e);
            }
            // SIGTERM: the JVM exits in order and writes the cache (it may take a while), then the process ends.
            function.process.destroy();
            if (!function.process.waitFor(10, TimeUnit.MINUTES)) {
                function.process.destroyForcibly();
                throw new IllegalStateException("the training run did not exit within 10 minutes; see " + function.log);
            }
            if (!Files.isRegularFile(cache)) {
                throw new IllegalStateException("the training run wrote no AOT cache " + cache + "; see " + function.log);
            }
            System.out.printf("AOT cache %s: %.1f MB after %d invocations%n", cache, Files.size(cache) / 1e6, invocations);
        }
    }
}
