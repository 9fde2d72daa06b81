package dev.triage.trainer.finetune;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One epoch of a run's history, as checkpoints and triage.json record it.
 *
 * @param epoch                    1-based
 * @param step                     optimisation steps completed at the epoch's end
 * @param trainingSamplesPerSecond examples per second inside the training steps (padding included)
 * @param trainingSeconds          time inside the training steps of this epoch (this process's, after a resume)
 * @param residentMemoryMiB        the process's resident memory after the epoch's evaluation; null where unknown
 * @param peakResidentMemoryMiB    the process's peak resident memory so far (VmHWM); null where unknown
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EpochSummary(int epoch, long step, double validationLoss, double validationAccuracy, double validationMacroF1,
                           double trainingSamplesPerSecond, double trainingSeconds, Long residentMemoryMiB,
                           Long peakResidentMemoryMiB) {
}
