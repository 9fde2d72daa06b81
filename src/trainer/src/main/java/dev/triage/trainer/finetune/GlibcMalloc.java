package dev.triage.trainer.finetune;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Structure;
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
 * <p>So the arenas are capped at two, and their free pages go back when malloc holds much free
 * ({@link #releaseFreedMemoryIfLarge()}). The threshold is fixed at {@value #MMAP_THRESHOLD} bytes,
 * the most glibc allows, so that the largest blocks (the word-embedding table's gradient and
 * optimizer temporaries, 47 MB for MiniLM) are always mappings of their own, returned to the
 * system when freed. A lower threshold costs speed, not memory: each mapped tensor is zero-filled
 * by the kernel page by page and unmapped again. At 4 MiB, the attention tensors of 256-token
 * micro-batches (25 MB) were all mapped, and the documented spam recipe trained at 1.7 samples/s
 * with 30 % of its CPU time in the kernel, against 3.4 samples/s at 32 MiB (12 steps of
 * {@code benchmark-training}, 2 threads, one process after the other); at glibc's own 128 KiB the
 * emotion recipe ran 3.5x slower than at 4 MiB (docs/training.md). A trim threshold of 512 MiB
 * instead of glibc's 128 KiB changed nothing measurable.
 *
 * <p>Set once, before the model is built; a C library without these calls (not glibc) is left as
 * it is, and the run says so.
 */
final class GlibcMalloc {

    /** Blocks from this size up get their own mapping. */
    static final int MMAP_THRESHOLD = 32 * 1024 * 1024;
    /** Free space at an arena's top kept rather than handed back at each free: glibc's default. */
    static final int TRIM_THRESHOLD = 128 * 1024;
    static final int ARENA_MAX = 2;
    /** Free bytes held by malloc above which they are handed back at a step's end. */
    static final long TRIM_ABOVE_FREE_BYTES = 256L << 20;
    /** Overrides for measuring other settings (docs/training.md); the constants above are what runs. */
    static final String MMAP_THRESHOLD_PROPERTY = "triage.malloc.mmapThreshold";
    static final String TRIM_THRESHOLD_PROPERTY = "triage.malloc.trimThreshold";
    private static final int M_TRIM_THRESHOLD = -1;
    private static final int M_MMAP_THRESHOLD = -3;
    private static final int M_ARENA_MAX = -8;

    /** glibc's malloc.h, as far as it is used here. */
    interface C extends Library {
        int mallopt(int param, int value);

        int malloc_trim(long pad);

        /** glibc 2.33 and later. */
        MallInfo2.ByValue mallinfo2();
    }

    /** glibc's {@code struct mallinfo2}: every field a {@code size_t}. */
    @Structure.FieldOrder({"arena", "ordblks", "smblks", "hblks", "hblkhd", "usmblks", "fsmblks", "uordblks", "fordblks",
            "keepcost"})
    public static class MallInfo2 extends Structure {
        public long arena;
        public long ordblks;
        public long smblks;
        public long hblks;
        public long hblkhd;
        public long usmblks;
        public long fsmblks;
        public long uordblks;
        /** Free bytes held in the arenas: what a trim can hand back. */
        public long fordblks;
        public long keepcost;

        public static class ByValue extends MallInfo2 implements Structure.ByValue {
        }
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
            int mmapThreshold = Integer.getInteger(MMAP_THRESHOLD_PROPERTY, MMAP_THRESHOLD);
            int trimThreshold = Integer.getInteger(TRIM_THRESHOLD_PROPERTY, TRIM_THRESHOLD);
            if (c.mallopt(M_MMAP_THRESHOLD, mmapThreshold) == 1 && c.mallopt(M_TRIM_THRESHOLD, trimThreshold) == 1
                    && c.mallopt(M_ARENA_MAX, ARENA_MAX) == 1) {
                glibc = c;
                log.printf("malloc: mmap threshold %d B, trim threshold %d B, %d arenas%n", mmapThreshold, trimThreshold, ARENA_MAX);
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
     * Returns the free pages of both arenas to the system (malloc_trim) when malloc holds more than
     * {@value #TRIM_ABOVE_FREE_BYTES} bytes free: the blocks below the threshold that steps free
     * stay resident otherwise, and padding to each batch's own length gives them a new size at every
     * step. Not whenever there is anything to give back: the pages trimmed are faulted in again by the
     * next step, and trimming every step made short-text training 1.85x slower (12.3 against 22.7
     * samples/s, emotion recipe, 25 steps, 2 threads, one process after the other on a shared
     * machine). Keyed on malloc's free bytes, not on the resident size as before: that counts the
     * Java heap, which no trim shrinks.
     */
    static void releaseFreedMemoryIfLarge() {
        C c = glibc;
        if (c != null && freeBytesHeld(c) > TRIM_ABOVE_FREE_BYTES) {
            c.malloc_trim(0);
        }
    }

    /**
     * What malloc holds free in its arenas ({@code mallinfo2}'s {@code fordblks}): what a trim can
     * give back. Not the process's resident size: that counts the Java heap too, which a trim
     * cannot shrink. A glibc older than 2.33 has no {@code mallinfo2}; there every step trims.
     */
    private static long freeBytesHeld(C c) {
        try {
            return c.mallinfo2().fordblks;
        } catch (UnsatisfiedLinkError e) {
            return Long.MAX_VALUE;
        }
    }
}
