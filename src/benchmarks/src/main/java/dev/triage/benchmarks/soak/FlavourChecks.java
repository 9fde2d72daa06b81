package dev.triage.benchmarks.soak;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What every flavour must do when its model cannot be loaded, checked on the built zip as Lambda
 * starts it (a zip with a {@code bootstrap} runs its own, any other as Lambda's java runtime runs it):
 * initialisation fails (Lambda receives an init error), and the function's log has one
 * "initialisation failed" line with the bundle's own message.
 * Exits non-zero when it does not.
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
}
