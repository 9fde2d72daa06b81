package dev.triage.trainer.progress;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * A progress line: done/total, throughput, ETA and any metrics the caller adds (loss). On a terminal
 * it redraws one line; in logs (CI, a container) it prints a line at most every few seconds and at
 * the end, so logs stay readable.
 */
public final class ProgressBar {

    private static final long LOG_INTERVAL_NANOS = Duration.ofSeconds(10).toNanos();

    private final String task;
    private final long total;
    private final String unit;
    private final PrintStream out;
    private final boolean interactive;
    private final long start = System.nanoTime();
    private long lastPrint;
    private long done;

    public ProgressBar(String task, long total, String unit, PrintStream out) {
        this(task, total, unit, out, System.console() != null);
    }

    public ProgressBar(String task, long total, String unit, PrintStream out, boolean interactive) {
        this.task = task;
        this.total = total;
        this.unit = unit;
        this.out = out;
        this.interactive = interactive;
    }

    /** Marks {@code count} more units done; {@code metrics} (such as "loss 0.53") is shown as given. */
    public synchronized void advance(long count, String metrics) {
        done += count;
        long now = System.nanoTime();
        boolean finished = done >= total;
        if (interactive || finished || now - lastPrint >= LOG_INTERVAL_NANOS) {
            lastPrint = now;
            String line = render(now, metrics);
            if (interactive) {
                out.print("\r" + line + (finished ? "\n" : ""));
            } else {
                out.println(line);
            }
            out.flush();
        }
    }

    /** Units per second since the start. */
    public synchronized double throughput() {
        double seconds = (System.nanoTime() - start) / 1e9;
        return seconds > 0 ? done / seconds : 0;
    }

    public synchronized Duration elapsed() {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private String render(long now, String metrics) {
        double seconds = (now - start) / 1e9;
        double rate = seconds > 0 ? done / seconds : 0;
        long etaSeconds = rate > 0 ? (long) ((total - done) / rate) : -1;
        int width = 24;
        int filled = total > 0 ? (int) Math.min(width, width * done / total) : 0;
        return String.format(Locale.ROOT, "%s [%s%s] %d/%d %3.0f%% %.1f %s/s ETA %s%s", task, "#".repeat(filled),
                ".".repeat(width - filled), done, total, total > 0 ? 100.0 * done / total : 100.0, rate, unit,
                etaSeconds < 0 ? "?" : clock(etaSeconds), metrics == null || metrics.isEmpty() ? "" : " " + metrics);
    }

    static String clock(long seconds) {
        return String.format(Locale.ROOT, "%d:%02d:%02d", seconds / 3600, (seconds / 60) % 60, seconds % 60);
    }
}
