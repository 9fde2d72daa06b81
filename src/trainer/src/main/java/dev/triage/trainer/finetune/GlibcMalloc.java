package dev.triage.trainer.finetune;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.PrintStream;

/**
 * glibc's malloc, set for training. PyTorch's CPU tensors come straight from malloc, and glibc
 * keeps a freed block below its mmap threshold in the arena it came from for reuse. The threshold
 * is dynamic: each freed mapping raises it to that block's size, up to 32 MiB, so after the first
 * steps nearly every activation of a batch is carved out of arenas, one per thread that allocates
 * (the caller's and PyTorch's intra-op workers), and dynamic padding hands them blocks of a new
 * size at every step. The freed space stays resident: the documented spam recipe's process sat at
 * 3.2 GB between steps and grew past 21 GB over a run.
 *
 * <p>So the threshold is fixed at {@value #MMAP_THRESHOLD} bytes: the large activations (an
 * attention tensor of a batch is tens of MiB) are mappings of their own, returned to the system
 * when freed; two arenas hold the rest, and their free pages go back when the process grows
 * large ({@link #releaseFreedMemoryIfLarge()}). A lower threshold costs speed, not memory: at glibc's own
 * 128 KiB every mid-sized tensor is mapped, zero-filled by the kernel and unmapped again, and
 * training ran 3.5x slower (15.4 against 54.0 samples/s on the emotion recipe, 25 steps, 2 threads,
 * one process after the other; docs/training.md).
 *
 * <p>Set once, before the model is built; a C library without these calls (not glibc) is left as
 * it is, and the run says so.
 */
final class GlibcMalloc {

    /** Blocks from this size up get their own mapping. */
    static final int MMAP_THRESHOLD = 4 * 1024 * 1024;
    static final int ARENA_MAX = 2;
    /** Resident size above which freed pages are handed back: a quarter below the 4 GB goal for a run's peak. */
    static final long TRIM_ABOVE_BYTES = 3L << 30;
    private static final int M_MMAP_THRESHOLD = -3;
    private static final int M_ARENA_MAX = -8;

    /** glibc's malloc.h, as far as it is used here. */
    interface C extends Library {
        int mallopt(int param, int value);

        int malloc_trim(long pad);
    }

    private static boolean tuned;
    private static volatile C glibc;

    private GlibcMalloc() {
    }

    /** Fixes the mmap threshold and caps the arenas; once per process. */
    static synchronized void tuneForTraining(PrintStream log) {
        if (tuned) {
            return;
        }
        tuned = true;
        try {
            C c = Native.load("c", C.class);
            if (c.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1 && c.mallopt(M_ARENA_MAX, ARENA_MAX) == 1) {
                glibc = c;
            }
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            glibc = null;
        }
        if (glibc == null) {
            log.println("note: the C library is not glibc (no mallopt), so its allocator is left as it is; "
                    + "resident memory may grow beyond what training needs");
        }
    }

    /**
     * Returns the free pages of both arenas to the system (malloc_trim) when the process has grown
     * past {@value #TRIM_ABOVE_BYTES} bytes resident: the blocks below the threshold that steps free
     * stay resident otherwise, and padding to each batch's own length gives them a new size at every
     * step. Not after every step: the pages trimmed are faulted in again by the next one, and
     * trimming every step made training 1.85x slower (12.3 against 22.7 samples/s, emotion recipe,
     * 25 steps, 2 threads, one process after the other on a shared machine).
     */
    static void releaseFreedMemoryIfLarge() {
        C c = glibc;
        if (c != null && ResidentMemory.now().map(ResidentMemory::currentBytes).orElse(0L) > TRIM_ABOVE_BYTES) {
            c.malloc_trim(0);
        }
    }
}
