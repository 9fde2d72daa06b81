package dev.triage.function.ops;

import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Where a cold start goes: each step of making the exported function's model ready, timed in the
 * order it ran, so that the initialisation's log line can say what it spent and where (the soak's
 * {@code --cold} mode reads it back into the start-up timeline of docs/benchmarks.md). A step that
 * throws is recorded too, up to the throw.
 */
@ApplicationScoped
public class StartupTimeline {

    private final Map<String, Double> phases = new LinkedHashMap<>();

    public <T> T time(String phase, Supplier<T> step) {
        long start = System.nanoTime();
        try {
            return step.get();
        } finally {
            record(phase, (System.nanoTime() - start) / 1e6);
        }
    }

    public void time(String phase, Runnable step) {
        time(phase, () -> {
            step.run();
            return null;
        });
    }

    /** A step timed elsewhere (before Quarkus booted, say). */
    public synchronized void record(String phase, double ms) {
        phases.merge(phase, Math.round(ms * 10) / 10.0, Double::sum);
    }

    /** Milliseconds by step, in the order the steps first ran. */
    public synchronized Map<String, Double> phases() {
        return new LinkedHashMap<>(phases);
    }
}
