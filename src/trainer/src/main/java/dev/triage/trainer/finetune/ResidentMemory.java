package dev.triage.trainer.finetune;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The process's resident memory as Linux reports it in {@code /proc/self/status}: now ({@code VmRSS})
 * and at its peak so far ({@code VmHWM}, the high-water mark). Java's own counters see only the heap;
 * PyTorch's tensors, the allocator's caches and direct buffers live outside it, and it is the
 * resident total that a container's memory limit kills for.
 */
public record ResidentMemory(long currentBytes, long peakBytes) {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final long MIB = 1024 * 1024;

    /** Now; empty where {@code /proc/self/status} does not exist (not Linux). */
    public static Optional<ResidentMemory> now() {
        if (!Files.isReadable(STATUS)) {
            return Optional.empty();
        }
        try {
            long current = -1;
            long peak = -1;
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    current = kibibytes(line) * 1024;
                } else if (line.startsWith("VmHWM:")) {
                    peak = kibibytes(line) * 1024;
                }
            }
            return current < 0 || peak < 0 ? Optional.empty() : Optional.of(new ResidentMemory(current, peak));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public long currentMiB() {
        return currentBytes / MIB;
    }

    public long peakMiB() {
        return peakBytes / MIB;
    }

    /** "VmRSS: 1234 kB" to 1234. */
    private static long kibibytes(String line) {
        return Long.parseLong(line.substring(line.indexOf(':') + 1).replace("kB", "").trim());
    }
}
