package dev.triage.benchmarks.email;

import dev.triage.email.ClassifierInput;
import dev.triage.email.EmailContent;
import dev.triage.email.EmailParser;
import dev.triage.email.UnreadableEmailException;
import dev.triage.testsupport.mail.HostileMail;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;
import java.util.Locale;

/**
 * What each hostile message costs the e-mail parser, as classifyEmail runs it (parse, then the
 * classifier's input): time, bytes allocated (the thread's allocation counter, garbage included),
 * and the peak of the heap while it ran (the heap pools' peak usage, reset after a GC before each
 * message; it includes garbage not yet collected, so it is an upper bound on the live memory). The
 * message's own bytes are generated before the measurement and not counted. Each message is parsed
 * three times; the last is reported. Run it with a small heap (the command in docs/) to show the
 * whole set also completes there.
 */
public final class HostileMailMemory {

    private HostileMailMemory() {
    }

    public static void main(String[] args) throws IOException {
        EmailParser parser = new EmailParser();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
        System.out.printf(Locale.ROOT, "max heap %d MiB%n", Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf(Locale.ROOT, "%-24s %10s %9s %13s %14s  %s%n", "message", "size MiB", "time ms", "allocated MiB",
                "peak heap MiB", "outcome");
        for (HostileMail mail : HostileMail.values()) {
            byte[] message = mail.bytes();
            String outcome = "";
            long millis = 0;
            long allocated = 0;
            long peak = 0;
            for (int round = 0; round < 3; round++) {
                System.gc();
                long baseline = used(heap);
                heap.forEach(MemoryPoolMXBean::resetPeakUsage);
                long before = threads.getCurrentThreadAllocatedBytes();
                long start = System.nanoTime();
                try {
                    EmailContent email = parser.parse(new ByteArrayInputStream(message));
                    String input = ClassifierInput.of(email, ClassifierInput.DEFAULT_MAX_BODY_CHARS);
                    outcome = "result, " + input.length() + " chars of input, cuts " + email.cuts();
                } catch (UnreadableEmailException e) {
                    outcome = "error record: " + e.getMessage();
                }
                millis = (System.nanoTime() - start) / 1_000_000;
                allocated = threads.getCurrentThreadAllocatedBytes() - before;
                peak = heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum() - baseline;
            }
            System.out.printf(Locale.ROOT, "%-24s %10.1f %9d %13.1f %14.1f  %s%n", mail.name().toLowerCase(Locale.ROOT),
                    message.length / 1048576.0, millis, allocated / 1048576.0, Math.max(peak, 0) / 1048576.0,
                    outcome.length() > 160 ? outcome.substring(0, 160) + "..." : outcome);
        }
    }

    private static long used(List<MemoryPoolMXBean> heap) {
        return heap.stream().mapToLong(pool -> pool.getUsage().getUsed()).sum();
    }
}
