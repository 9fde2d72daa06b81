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
 * src/function/target/function.zip [requests=10000] [callers=4]}
 */
public final class LambdaSoak {

    static final List<String> TEXTS = List.of(
            "i feel wonderful today",
            "i am so angry that the bus left without me again this morning",
            "i feel nervous about the exam tomorrow even though i studied all week",
            "i love the way the city looks after the rain when the streets are empty and quiet",
            "i miss my dog so much it still hurts to come home to an empty house");

    /** The handler a Funqy function is deployed with (Quarkus' generated sam.jvm.yaml says the same). */
    static final String HANDLER = "io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest";

    private LambdaSoak() {
    }

    public static void main(String[] args) throws Exception {
        Path zip = Path.of(args.length > 0 ? args[0] : "src/function/target/function.zip");
        int requests = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
        int callers = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        if (!Files.isRegularFile(zip)) {
            throw new IllegalArgumentException(zip + " is missing: build with ./mvnw -B package -DskipTests first");
        }
        Path task = Unzip.fresh(zip, Path.of("target", "soak", "task").toAbsolutePath());
        // A fresh /tmp, as a new Lambda sandbox has: the built-in model and DJL's library are unpacked in the cold start.
        Path tmp = Unzip.emptied(Path.of("target", "soak", "tmp").toAbsolutePath());
        String classPath = task + File.pathSeparator + task.resolve("lib") + File.separator + "*" + File.pathSeparator
                + runtimeClientClassPath();
        try (LambdaRuntimeApi api = new LambdaRuntimeApi()) {
            Path log = Path.of("target", "soak-function.log").toAbsolutePath();
            Files.createDirectories(log.getParent());
            ProcessBuilder builder = new ProcessBuilder("java", "-Xmx512m", "-XX:+UseSerialGC", "-Djava.io.tmpdir=" + tmp, "-cp", classPath,
                    "com.amazonaws.services.lambda.runtime.api.client.AWSLambda", HANDLER)
                    .redirectErrorStream(true).redirectOutput(log.toFile()); // one JSON line per invocation
            System.out.println("function output: " + log);
            builder.environment().put("AWS_LAMBDA_RUNTIME_API", api.address());
            builder.environment().put("QUARKUS_FUNQY_EXPORT", "classify");
            builder.environment().put("AWS_LAMBDA_FUNCTION_NAME", "triage-soak");
            builder.environment().put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", "2048");
            builder.environment().put("_HANDLER", HANDLER);
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
                double[] own = FunctionLatencies.read(log);
                System.out.printf(Locale.ROOT, "function's own latency ms (its log lines, %d): p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
                        own.length, FunctionLatencies.quantile(own, 0.5), FunctionLatencies.quantile(own, 0.9),
                        FunctionLatencies.quantile(own, 0.99), FunctionLatencies.quantile(own, 0.999), own[own.length - 1]);
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

    /** AWS's runtime interface client and its two libraries, beside this jar in target/lib. */
    static String runtimeClientClassPath() throws IOException {
        Path jar = Path.of(LambdaSoak.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        try (java.util.stream.Stream<Path> libs = Files.list(jar.getParent().resolve("lib"))) {
            return libs.filter(p -> p.getFileName().toString().startsWith("aws-lambda-java-")).map(Path::toString)
                    .collect(java.util.stream.Collectors.joining(File.pathSeparator));
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
