package dev.triage.benchmarks.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.triage.core.files.Folders;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Cold starts, side by side: each flavour (a Lambda zip, and the JAVA_TOOL_OPTIONS its Lambda would
 * have) is started fresh, as Lambda starts it (empty /tmp, see {@link FunctionProcess}), until its
 * first {@code classify} answer; the flavours take turns, run after run, so that the load of a shared
 * machine falls on all of them alike. Prints each flavour's cold starts and median, and the start-up
 * timeline (medians per step) read from the JVM's own start-up log ({@code -Xlog:startuptime}),
 * Quarkus' "started in" line and the function's "initialised" line, and the CPU time the process
 * used up to its first answer (on Lambda a function gets a share of cores in proportion to its memory,
 * so work done on two threads at once here may not be done at once there).
 *
 * <pre>
 * java -cp src/benchmarks/target/triage-benchmarks.jar dev.triage.benchmarks.soak.ColdStart [--runs 5] [--java java]
 *      [--export classify] name=path/to/function.zip[,JAVA_TOOL_OPTIONS] ...
 * </pre>
 * A zip with a {@code bootstrap} is a custom runtime and runs its own; any other runs under
 * {@code --java} with the options of Lambda's java runtimes (serial GC, the heap of a 2048 MB function).
 */
public final class ColdStart {

    /** What Lambda's java runtimes start the JVM with for a 2048 MB function, short of the tiered-compilation default (set per flavour). */
    static final List<String> MANAGED_RUNTIME_OPTIONS = List.of("-XX:MaxHeapSize=1782579k", "-XX:+UseSerialGC", "-Xshare:auto");

    private static final Pattern CREATE_VM = Pattern.compile("Create VM, ([0-9.]+) secs");
    private static final Pattern QUARKUS_STARTED = Pattern.compile("started in ([0-9.]+)s");
    private static final ObjectMapper JSON = new ObjectMapper();

    record Flavour(String name, Path zip, String javaToolOptions) {
        static Flavour parse(String spec) {
            int eq = spec.indexOf('=');
            if (eq < 1) {
                throw new IllegalArgumentException("a flavour is name=path/to/function.zip[,JAVA_TOOL_OPTIONS], not '" + spec + "'");
            }
            String rest = spec.substring(eq + 1);
            int comma = rest.indexOf(',');
            Path zip = Path.of(comma < 0 ? rest : rest.substring(0, comma));
            if (!Files.isRegularFile(zip)) {
                throw new IllegalArgumentException(zip + " (flavour " + spec.substring(0, eq) + ") is missing");
            }
            return new Flavour(spec.substring(0, eq), zip, comma < 0 ? "" : rest.substring(comma + 1));
        }
    }

    /** One cold start: the total, and its steps in milliseconds. */
    record Run(double totalMs, Map<String, Double> steps) {
    }

    private ColdStart() {
    }

    public static void main(String[] args) throws Exception {
        int runs = 5;
        String java = "java";
        String export = "classify";
        List<Flavour> flavours = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--java" -> java = args[++i];
                case "--export" -> export = args[++i];
                default -> flavours.add(Flavour.parse(args[i]));
            }
        }
        if (flavours.isEmpty()) {
            throw new IllegalArgumentException("name at least one flavour: name=path/to/function.zip[,JAVA_TOOL_OPTIONS]");
        }
        Map<String, List<Run>> results = new LinkedHashMap<>();
        List<String> loads = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            for (Flavour flavour : flavours) {
                loads.add(loadAverage());
                Run result = coldStart(flavour, java, export);
                results.computeIfAbsent(flavour.name(), k -> new ArrayList<>()).add(result);
                System.out.printf(Locale.ROOT, "run %d %-24s %7.0f ms  %s%n", run, flavour.name(), result.totalMs(), result.steps());
            }
        }
        System.out.println();
        System.out.println("load average (1 min) before each start: " + loads);
        System.out.println();
        System.out.println("| flavour | zip | cold starts (ms) | median |");
        System.out.println("|---|---|---|---|");
        for (Flavour flavour : flavours) {
            List<Run> list = results.get(flavour.name());
            System.out.printf(Locale.ROOT, "| %s | %.1f MB | %s | **%.0f ms** |%n", flavour.name(), Files.size(flavour.zip()) / 1e6,
                    list.stream().map(r -> String.format(Locale.ROOT, "%.0f", r.totalMs())).toList(), median(list.stream().mapToDouble(Run::totalMs).toArray()));
        }
        System.out.println();
        printTimeline(flavours, results);
    }

    static Run coldStart(Flavour flavour, String java, String export) throws Exception {
        Path work = Path.of("target", "cold-start", flavour.name()).toAbsolutePath();
        Files.createDirectories(work);
        Path vmLog = work.resolve("startuptime.log");
        Files.deleteIfExists(vmLog);
        String toolOptions = (flavour.javaToolOptions() + " -Xlog:startuptime:file=" + vmLog).trim();
        try (LambdaRuntimeApi api = new LambdaRuntimeApi();
             FunctionProcess function = FunctionProcess.start(flavour.zip(), work, java, MANAGED_RUNTIME_OPTIONS, toolOptions, api, export)) {
            String answer;
            try {
                answer = api.invoke(LambdaSoak.event(0)).get(300, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException(flavour.name() + ": the first invocation failed; see " + function.log, e);
            }
            double total = (System.nanoTime() - function.launchedNanos) / 1e6;
            // The CPU the process used up to its first answer (all its threads): what a Lambda's share of a core must serve.
            double cpuMs = function.process.info().totalCpuDuration().map(d -> d.toNanos() / 1e6).orElse(Double.NaN);
            if (!answer.contains("\"label\"")) {
                throw new IllegalStateException(flavour.name() + ": the first answer is not a classification: " + answer);
            }
            if (api.initError.isDone()) {
                throw new IllegalStateException(flavour.name() + ": init error " + api.initError.get());
            }
            Map<String, Double> steps = steps(function, vmLog, total);
            steps.put("processCpu", cpuMs);
            // What the cold start wrote into /tmp (natives and models unpacked from jars): Lambda's /tmp is empty in a new sandbox.
            steps.put("tmpWrittenMB", Folders.sizeOf(work.resolve("tmp")) / 1e6);
            return new Run(total, steps);
        }
    }

    /** The start-up timeline of one run, from the three logs; steps the logs do not show are left out. */
    static Map<String, Double> steps(FunctionProcess function, Path vmLog, double totalMs) throws IOException {
        Map<String, Double> steps = new LinkedHashMap<>();
        double createVm = Double.NaN;
        if (Files.isRegularFile(vmLog)) {
            Matcher m = CREATE_VM.matcher(Files.readString(vmLog));
            if (m.find()) {
                createVm = Double.parseDouble(m.group(1)) * 1000;
            }
        }
        String log = Files.readString(function.log);
        Matcher started = QUARKUS_STARTED.matcher(log);
        JsonNode initialised = null;
        for (String line : log.split("\n")) {
            if (line.startsWith("{") && line.contains("\"message\":\"initialised\"")) {
                initialised = JSON.readTree(line);
            }
        }
        if (initialised == null || !started.find()) {
            steps.put("total", totalMs);
            return steps;
        }
        double quarkusMs = Double.parseDouble(started.group(1)) * 1000;
        double initialisedAt = Instant.parse(initialised.get("time").asText()).toEpochMilli() - function.launchedEpochMs;
        double modelMs = initialised.get("latencyMs").asDouble();
        double quarkusBegins = initialisedAt - quarkusMs;
        if (!Double.isNaN(createVm)) {
            steps.put("jvm", createVm);
            steps.put("runtimeClient", quarkusBegins - createVm);
        } else {
            steps.put("jvmAndRuntimeClient", quarkusBegins);
        }
        steps.put("quarkus", quarkusMs - modelMs);
        // The model's loading as a whole, then its steps: some run on two threads at once, so they may add up to more.
        steps.put("model", modelMs);
        for (Map.Entry<String, JsonNode> phase : initialised.get("phasesMs").properties()) {
            steps.put(phase.getKey(), phase.getValue().asDouble());
        }
        steps.put("firstInvocation", totalMs - initialisedAt);
        return steps;
    }

    private static void printTimeline(List<Flavour> flavours, Map<String, List<Run>> results) {
        List<String> stepNames = new ArrayList<>();
        for (List<Run> runs : results.values()) {
            for (Run run : runs) {
                run.steps().keySet().stream().filter(s -> !stepNames.contains(s)).forEach(stepNames::add);
            }
        }
        StringBuilder header = new StringBuilder("| step (median ms) |");
        StringBuilder rule = new StringBuilder("|---|");
        for (Flavour flavour : flavours) {
            header.append(' ').append(flavour.name()).append(" |");
            rule.append("---|");
        }
        System.out.println(header);
        System.out.println(rule);
        for (String step : stepNames) {
            StringBuilder row = new StringBuilder("| ").append(step).append(" |");
            for (Flavour flavour : flavours) {
                double[] values = results.get(flavour.name()).stream().filter(r -> r.steps().containsKey(step))
                        .mapToDouble(r -> r.steps().get(step)).toArray();
                row.append(values.length == 0 ? " - |" : String.format(Locale.ROOT, " %.0f |", median(values)));
            }
            System.out.println(row);
        }
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (IOException e) {
            return "?";
        }
    }
}
