package dev.triage.benchmarks.soak;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The latencies the function itself logged: the "latencyMs" of its JSON invocation lines, sorted. */
final class FunctionLatencies {

    private static final Pattern LATENCY = Pattern.compile("\"latencyMs\":([0-9.]+)");

    private FunctionLatencies() {
    }

    static double[] read(Path log) throws IOException {
        try (var lines = Files.lines(log)) {
            double[] values = lines.filter(line -> line.startsWith("{")).map(LATENCY::matcher).filter(Matcher::find)
                    .mapToDouble(m -> Double.parseDouble(m.group(1))).toArray();
            Arrays.sort(values);
            return values;
        }
    }

    static double quantile(double[] sorted, double quantile) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(quantile * sorted.length) - 1)];
    }
}
