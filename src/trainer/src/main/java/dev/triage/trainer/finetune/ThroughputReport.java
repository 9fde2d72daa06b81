package dev.triage.trainer.finetune;

import java.util.Locale;

/**
 * Training throughput over some steps.
 *
 * @param groupedByLength       whether batches held texts of similar length
 * @param steps                 optimisation steps timed
 * @param samples               examples trained on
 * @param seconds               time inside the steps (batching, forward, backward, clipping, update)
 * @param realTokens            tokens of the texts themselves
 * @param paddedTokens          tokens computed, padding included
 * @param peakResidentMemoryMiB the process's peak resident memory (VmHWM) when the steps ended; null where unknown
 */
public record ThroughputReport(boolean groupedByLength, long steps, long samples, double seconds, long realTokens,
                               long paddedTokens, Long peakResidentMemoryMiB) {

    public double samplesPerSecond() {
        return samples / seconds;
    }

    /** Share of the computed tokens that were padding. */
    public double paddingShare() {
        return paddedTokens == 0 ? 0 : 1.0 - (double) realTokens / paddedTokens;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s batches: %d steps, %d samples in %.1f s = %.1f samples/s; %.1f%% of computed tokens "
                        + "were padding; peak resident memory of the process so far %s",
                groupedByLength ? "length-grouped" : "random", steps, samples, seconds, samplesPerSecond(), 100 * paddingShare(),
                peakResidentMemoryMiB == null ? "unknown (no /proc/self/status)" : peakResidentMemoryMiB + " MiB");
    }
}
