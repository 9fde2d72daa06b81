package dev.triage.trainer.finetune;

/**
 * Hugging Face's linear schedule: the rate climbs linearly from 0 over the warm-up steps, then falls
 * linearly to 0 at the last step.
 */
public record LinearWarmupSchedule(double baseRate, int warmupSteps, int totalSteps) {

    /** The rate for the update that follows {@code completedSteps} earlier updates. */
    public float rate(long completedSteps) {
        if (completedSteps < warmupSteps) {
            return (float) (baseRate * completedSteps / Math.max(1, warmupSteps));
        }
        return (float) (baseRate * Math.max(0.0, (double) (totalSteps - completedSteps) / Math.max(1, totalSteps - warmupSteps)));
    }
}
