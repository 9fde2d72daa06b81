package dev.triage.benchmarks.soak;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What every flavour must do when its model cannot be loaded, checked on the built zip as Lambda
 * starts it (a zip with a {@code bootstrap} runs its own, any other as Lambda's java runtime runs it):
 * initialisation fails, and the init error Lambda receives carries the bundle's own message.
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
            String expected = "does not exist or is not a directory";
            if (!error.contains(expected) || !error.contains(missing.toString())) {
                throw new AssertionError(zip + ": the init error does not carry the bundle's message ('" + missing + "' ... '" + expected + "'): " + error);
            }
            System.out.println("ok: a model that fails to load fails init with the bundle's message: " + error);
        }
    }
}
