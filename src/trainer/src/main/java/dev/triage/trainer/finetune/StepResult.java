package dev.triage.trainer.finetune;

import java.util.List;

/**
 * What one optimisation step did.
 *
 * @param rate                the learning rate it used (or would have)
 * @param gradNorm            the global gradient norm before clipping
 * @param nanos               its wall time
 * @param sequenceLength      the batch's padded length
 * @param realTokens          tokens of the texts themselves
 * @param nonFiniteParameters parameters with a non-finite gradient, nearest the loss first; empty when the update was applied
 * @param skipped             whether the update was skipped (a non-finite loss or gradient)
 */
record StepResult(double loss, float rate, double gradNorm, long nanos, int sequenceLength, long realTokens,
                  List<String> nonFiniteParameters, boolean skipped) {
}
