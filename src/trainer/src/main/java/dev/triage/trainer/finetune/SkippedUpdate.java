package dev.triage.trainer.finetune;

/**
 * An update not applied because a gradient (or the loss) was not finite.
 *
 * @param step                    the 1-based step whose update was skipped
 * @param loss                    the batch's loss (NaN or infinite when the loss itself was)
 * @param firstNonFiniteParameter the parameter nearest the loss whose gradient was not finite; null when only the loss was
 * @param nonFiniteParameters     how many parameters had a non-finite gradient
 */
public record SkippedUpdate(long step, double loss, String firstNonFiniteParameter, int nonFiniteParameters) {

    @Override
    public String toString() {
        return "step " + step + ": loss " + loss + (firstNonFiniteParameter == null ? ""
                : ", non-finite gradients in " + nonFiniteParameters + " parameters, first (nearest the loss) "
                + firstNonFiniteParameter);
    }
}
