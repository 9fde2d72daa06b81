package dev.triage.benchmarks.soak;

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

/**
 * Soak: runs the packaged function (target/quarkus-app/quarkus-run.jar) as Lambda runs it, against
 * a local Runtime API, and sends it N classify invocations from C concurrent callers. Reports the
 * cold start (process start to first answer), latency percentiles as callers see them and as the
 * function spends them, and the function process's resident memory (VmRSS) over the run: it must
 * level off, or a native tensor leaks. Not a test: run it by hand and record the figures.
 *
 * <p>{@code java -cp src/benchmarks/target/triage-benchmarks.jar dev.triage.benchmarks.soak.LambdaSoak
 * src/function/target/quarkus-app/quarkus-run.jar [requests=10000] [callers=4]}
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
        Path runner = Path.of(args.length > 0 ? args[0] : "src/function/target/quarkus-app/quarkus-run.jar");
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int callers = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        if (!Files.isRegularFile(runner)) {
            throw new IllegalArgumentException(runner + " is missing: build with ./mvnw -B package -DskipTests first");
        }
        try (LambdaRuntimeApi api = new LambdaRuntimeApi()) {
            ProcessBuilder builder = new ProcessBuilder("java", "-Xmx512m", "-jar", runner.toString()).inheritIO();
            builder.redirectOutput(ProcessBuilder.Redirect.DISCARD); // one JSON line per invocation: 10,000 lines of noise here
            builder.environment().put("AWS_LAMBDA_RUNTIME_API", api.address());
            builder.environment().put("QUARKUS_FUNQY_EXPORT", "classify");
            builder.environment().put("OPT_OUT_TRACKING", "true");
            builder.environment().putIfAbsent("TRIAGE_INFERENCE_INTRA_OP_THREADS", "2");
            long launched = System.nanoTime();
            Process function = builder.start();
            try {
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
                System.out.printf("function RSS: start %d MB, every 1000: %s MB, end %d MB%n", rssStart / 1024,
                        rssSamples.stream().map(kb -> String.valueOf(kb / 1024)).toList(), rssEnd / 1024);
            } finally {
                function.destroy();
                if (!function.waitFor(20, TimeUnit.SECONDS)) {
                    function.destroyForcibly();
                }
            }
        }
    }

    private static double ms(long[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)] / 1e6;
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
