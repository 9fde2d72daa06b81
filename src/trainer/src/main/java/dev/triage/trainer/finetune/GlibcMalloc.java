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
 * 3.2 GB between steps and grew past 21 GB over a run. With the threshold fixed at
 * {@value #MMAP_THRESHOLD} bytes every tensor beyond it is a mapping of its own, returned to the
 * system when the tensor is freed, and two arenas hold the small blocks.
 *
 * <p>Set once, before the model is built; a C library without these calls (not glibc) is left as
 * it is, and the run says so.
 */
final class GlibcMalloc {

    /** Blocks from this size up get their own mapping (glibc's default before its dynamic threshold moves). */
    static final int MMAP_THRESHOLD = 128 * 1024;
    static final int ARENA_MAX = 2;
    private static final int M_MMAP_THRESHOLD = -3;
    private static final int M_ARENA_MAX = -8;

    /** glibc's malloc.h, as far as it is used here. */
    interface C extends Library {
        int mallopt(int param, int value);
    }

    private static volatile Boolean tuned;

    private GlibcMalloc() {
    }

    /** Fixes the mmap threshold and caps the arenas; once per process. */
    static synchronized void tuneForTraining(PrintStream log) {
        if (tuned != null) {
            return;
        }
        try {
            C c = Native.load("c", C.class);
            tuned = c.mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD) == 1 && c.mallopt(M_ARENA_MAX, ARENA_MAX) == 1;
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            tuned = false;
        }
        if (!tuned) {
            log.println("note: the C library is not glibc (no mallopt), so its allocator is left as it is; "
                    + "resident memory may grow beyond what training needs");
        }
    }
}
