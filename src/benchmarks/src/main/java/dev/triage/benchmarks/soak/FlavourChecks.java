package dev.triage.benchmarks.soak;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What every flavour must do when something is wrong, checked on the built zip as Lambda starts it:
 * <ul>
 * <li>a model that cannot be loaded fails initialisation (Lambda receives an init error), and the
 * function's log has one "initialisation failed" line with the bundle's own message;</li>
 * <li>a zip with a Project Leyden AOT cache ({@code app.aot}) uses it as unzipped (the JVM says
 * nothing about the cache: it refuses one whose jars changed size or modification time, with a
 * warning), and with a cache that does not match its JVM still starts and answers, and the log says
 * the cache was not used.</li>
 * </ul>
 * Exits non-zero on the first failed check.
 * <pre>
 * java -cp src/benchmarks/target/triage-benchmarks.jar dev.triage.benchmarks.soak.FlavourChecks path/to/function.zip
 * </pre>
 */
public final class FlavourChecks {

    private FlavourChecks() {
    }

    public static void main(String[] args) throws Exception {
        Path zip = Path.of(args[0]).toAbsolutePath();
        Path work = Path.of("target", "flavour-checks").toAbsolutePath();
        modelThatFailsFailsInit(zip, work);
        Path task = work.resolve("task");
        if (Files.isRegularFile(task.resolve("app.aot"))) {
            cacheIsUsed(task, work);
            mismatchedCacheStillStarts(task, work);
        }
    }

    static void modelThatFailsFailsInit(Path zip, Path work) throws Exception {
        Path missing = work.resolve("no-such-bundle");
        Path task = FunctionProcess.unzip(zip, work.resolve("task"));
        try (LambdaRuntimeApi api = new LambdaRuntimeApi();
             FunctionProcess function = FunctionProcess.start(task, work, "java", ColdStart.MANAGED_RUNTIME_OPTIONS, "", api, "classify",
                     Map.of("TRIAGE_MODEL_LOCATION", missing.toString()))) {
            String error = api.initError.get(300, TimeUnit.SECONDS);
            function.process.waitFor(60, TimeUnit.SECONDS);
            // Lambda's init error carries Quarkus' wrapper only; the function's log line carries the bundle's message.
            String expected = "does not exist or is not a directory";
            String line = Files.readString(function.log).lines()
                    .filter(l -> l.startsWith("{") && l.contains("\"message\":\"initialisation failed\"")).findFirst()
                    .orElseThrow(() -> new AssertionError(zip + ": init failed (" + error + ") but the log has no 'initialisation failed' line: " + function.log));
            if (!line.contains(expected) || !line.contains(missing.toString())) {
                throw new AssertionError(zip + ": the 'initialisation failed' line does not carry the bundle's message ('" + missing + "' ... '" + expected + "'): " + line);
            }
            System.out.println("ok: a model that fails to load fails init (" + error + "), and the log says why: " + line);
        }
    }

    static void cacheIsUsed(Path task, Path work) throws Exception {
        try (LambdaRuntimeApi api = new LambdaRuntimeApi();
             FunctionProcess function = FunctionProcess.start(task, work, "java", ColdStart.MANAGED_RUNTIME_OPTIONS, "", api, "classify", Map.of())) {
            String answer = api.invoke(LambdaSoak.event(0)).get(300, TimeUnit.SECONDS);
            if (!answer.contains("\"label\"")) {
                throw new AssertionError("with its AOT cache the function did not answer: " + answer);
            }
            // The JVM reports a cache it cannot use at warning or error level, tagged [aot], and says nothing of one it uses.
            java.util.List<String> refusals = Files.readString(function.log).lines().filter(l -> l.contains("[aot]")).toList();
            if (!refusals.isEmpty()) {
                throw new AssertionError("the zip's AOT cache was not used as unzipped: " + refusals + "; see " + function.log);
            }
            System.out.println("ok: the zip's AOT cache is used as unzipped (no [aot] warning in the log), and the function answers");
        }
    }

    static void mismatchedCacheStillStarts(Path task, Path work) throws Exception {
        Path cache = task.resolve("app.aot");
        byte[] good = Files.readAllBytes(cache);
        Files.write(cache, java.util.Arrays.copyOf(good, 4096)); // a cache this JVM cannot map: what a JDK update leaves
        try (LambdaRuntimeApi api = new LambdaRuntimeApi();
             FunctionProcess function = FunctionProcess.start(task, work, "java", ColdStart.MANAGED_RUNTIME_OPTIONS, "", api, "classify", Map.of())) {
            String answer = api.invoke(LambdaSoak.event(0)).get(300, TimeUnit.SECONDS);
            if (!answer.contains("\"label\"")) {
                throw new AssertionError("with a mismatched AOT cache the function did not answer: " + answer);
            }
            String log = Files.readString(function.log);
            if (!log.contains("AOT cache")) {
                throw new AssertionError("with a mismatched AOT cache the function answered, but its log does not say the cache was not used: " + function.log);
            }
            System.out.println("ok: a mismatched AOT cache is ignored, the function answers, and the log says: "
                    + log.lines().filter(l -> l.contains("AOT cache")).findFirst().orElseThrow());
        } finally {
            Files.write(cache, good);
        }
    }
}
