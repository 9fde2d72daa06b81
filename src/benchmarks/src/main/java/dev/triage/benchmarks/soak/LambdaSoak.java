package dev.triage.benchmarks.soak;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Soak: runs the Lambda zip (src/function/target/function.zip, unpacked as Lambda unpacks it: the
 * zip's root and lib/*.jar on the class path) under AWS's own Java runtime interface client, the
 * poller Lambda's java21 runtime runs, with the handler Lambda is configured with, against a local
 * Runtime API; then sends it N classify invocations from C concurrent callers. Lambda gives one
 * process one invocation at a time, so callers queue as they would for one warm instance. Reports the
 * cold start (process start to first answer), latency percentiles as callers see them and as the
 * function spends them, and the function process's resident memory (VmRSS) over the run: it must
 * level off, or a native tensor leaks. Not a test: run it by hand and record the figures.
 *
 * <p>{@code java -cp src/benchmarks/target/triage-benchmarks.jar dev.triage.benchmarks.soak.LambdaSoak
 * src/function/target/function.zip [requests=10000] [callers=4] [JAVA_TOOL_OPTIONS]}: a zip with a
 * {@code bootstrap} (the custom runtime) runs its own; any other runs as Lambda's java runtime runs it
 * ({@link ColdStart#MANAGED_RUNTIME_OPTIONS}).
 */
public final class LambdaSoak {

    static final List<String> TEXTS = List.of(
            "i feel wonderful today",
            "i am so angry that the bus left without me again this morning",
            "i feel nervous about the exam tomorrow even though i studied all week",
            "i love the way the city looks after the rain when the streets are empty and quiet",
            "i miss my dog so much it still hurts to come home to an empty house");

    private LambdaSoak() {
    }

    public static void main(String[] args) throws Exception {
        Path zip = Path.of(args.length > 0 ? args[0] : "src/function/target/function.zip");
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int callers = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        String javaToolOptions = args.length > 3 ? args[3] : "";
        if (!Files.isRegularFile(zip)) {
            throw new IllegalArgumentException(zip + " is missing: build with ./mvnw -B package -DskipTests first");
        }
        try (LambdaRuntimeApi api = new LambdaRuntimeApi();
             FunctionProcess functionProcess = FunctionProcess.start(zip, Path.of("target", "soak").toAbsolutePath(), "java",
                     ColdStart.MANAGED_RUNTIME_OPTIONS, javaToolOptions, api, "classify")) {
            Process function = functionProcess.process;
            Path log = functionProcess.log;
            System.out.println("function output: " + log);
            long launched = functionProcess.launchedNanos;
            String first = api.invoke(event(0)).get(120, TimeUnit.SECONDS);
            double coldStartMs = (System.nanoTime() - launched) / 1e6;
            System.out.printf(Locale.ROOT, "cold start (process start to first answer): %.0f ms; answer %s%n", coldStartMs, first);
            long rssStart = Rss.kilobytes(function.pid());
            List<Long> rssSamples = new ArrayList<>();
            long[] latencies = new long[requests];
            AtomicInteger next = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(callers);
            long started = System.nanoTime();
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                running.add(pool.submit(() -> {
                    int i;
                    while ((i = next.getAndIncrement()) < requests) {
                        long t0 = System.nanoTime();
                        api.invoke(event(i)).get(60, TimeUnit.SECONDS);
                        latencies[i] = System.nanoTime() - t0;
                        if (i % 1000 == 0) {
                            synchronized (rssSamples) {
                                rssSamples.add(Rss.kilobytes(function.pid()));
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> caller : running) {
                caller.get();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            pool.shutdown();
            long rssEnd = Rss.kilobytes(function.pid());
            Arrays.sort(latencies);
            System.out.printf(Locale.ROOT, "%d invocations from %d callers in %.1f s: %.0f/s%n", requests, callers, seconds, requests / seconds);
            System.out.printf(Locale.ROOT, "caller latency ms: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
                    ms(latencies, 0.50), ms(latencies, 0.90), ms(latencies, 0.99), ms(latencies, 0.999), latencies[requests - 1] / 1e6);
            System.out.printf(Locale.ROOT, "function time per invocation (wall / invocations): %.2f ms%n", seconds * 1000 / requests);
            double[] own = FunctionLatencies.read(log);
            System.out.printf(Locale.ROOT, "function's own latency ms (its log lines, %d): p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
                    own.length, FunctionLatencies.quantile(own, 0.5), FunctionLatencies.quantile(own, 0.9),
                    FunctionLatencies.quantile(own, 0.99), FunctionLatencies.quantile(own, 0.999), own[own.length - 1]);
            System.out.printf("function RSS: start %d MB, every 1000: %s MB, end %d MB%n", rssStart / 1024,
                    rssSamples.stream().map(kb -> String.valueOf(kb / 1024)).toList(), rssEnd / 1024);
        }
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
    }

    /** AWS's runtime interface client and its two libraries (this module's dependencies), as a class path. */
    static String runtimeClientClassPath() {
        return Stream.of("com.amazonaws.services.lambda.runtime.api.client.AWSLambda", "com.amazonaws.services.lambda.runtime.Context",
                        "com.amazonaws.services.lambda.runtime.serialization.PojoSerializer")
                .map(LambdaSoak::jarOf).distinct().collect(Collectors.joining(File.pathSeparator));
    }

    private static String jarOf(String className) {
        try {
            return Path.of(Class.forName(className, false, LambdaSoak.class.getClassLoader()).getProtectionDomain()
                    .getCodeSource().getLocation().toURI()).toString();
        } catch (ReflectiveOperationException | java.net.URISyntaxException e) {
            throw new IllegalStateException("AWS's runtime interface client is not on the class path: " + className, e);
        }
    }

    static String event(int i) {
        return "{\"text\": \"" + TEXTS.get(i % TEXTS.size()) + " (" + i + ")\", \"topK\": 2}";
    }

    /** Resident memory of a process, from /proc/<pid>/status (Linux). */
    static final class Rss {
        static long kilobytes(long pid) {
            try {
                for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                    if (line.startsWith("VmRSS:")) {
                        return Long.parseLong(line.replaceAll("[^0-9]", ""));
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException("cannot read /proc/" + pid + "/status: " + e.getMessage(), e);
            }
            throw new IllegalStateException("/proc/" + pid + "/status has no VmRSS");
        }
    }
}
