package dev.triage.trainer.finetune;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import dev.triage.core.tokens.TokenBatch;
import dev.triage.trainer.encoder.OwnedArrays;
import dev.triage.trainer.recipe.Recipe.FineTuneSpec;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * One optimisation step on one batch: forward and backward with dropout, then, when the loss and
 * every gradient are finite, gradient clipping and AdamW at the scheduled rate; a step with a
 * non-finite loss or gradient is not applied (one bad batch must not turn every weight into NaN).
 * Either way the gradients are set to zero for the next step. Dropout draws from a generator
 * seeded by the step alone, so a resumed run draws what the uninterrupted one drew.
 *
 * <p>A batch whose activations would exceed the budget ({@link ActivationBudget#TRAINING_BYTES}) goes through in
 * micro-batches: each adds the gradient of its share of the batch's mean loss (its summed loss over
 * the batch size), so the update is the whole batch's, and memory is bounded by the budget instead
 * of growing with batch size and the square of the text length.
 */
final class OptimizationStep {

    private final SequenceClassifier model;
    private final TrainingLoss objective;
    private final AdamW optimizer;
    private final LinearWarmupSchedule schedule;
    private final FineTuneSpec spec;
    private final Consumer<Map<String, NDArray>> afterBackward;
    private final long activationBytes;

    /**
     * @param loss            what the step minimises (cross-entropy, or blended with a teacher's soft targets)
     * @param afterBackward   sees the gradients after each backward pass (tests use it to inject a NaN)
     * @param activationBytes what one pass's activations may take ({@link ActivationBudget#TRAINING_BYTES})
     */
    OptimizationStep(SequenceClassifier model, TrainingLoss loss, AdamW optimizer, LinearWarmupSchedule schedule,
                     FineTuneSpec spec, Consumer<Map<String, NDArray>> afterBackward, long activationBytes) {
        this.model = model;
        this.objective = loss;
        this.optimizer = optimizer;
        this.schedule = schedule;
        this.spec = spec;
        this.afterBackward = afterBackward;
        this.activationBytes = activationBytes;
    }

    /** Trains on the examples {@code indices} of {@code data}, after {@code completedSteps} earlier steps. */
    StepResult run(TokenizedSet data, int[] indices, long completedSteps) {
        long start = System.nanoTime();
        int length = data.paddedLength(indices);
        Engine.getInstance().setRandomSeed((int) (spec.seed() * 7919 + completedSteps));
        double loss = 0;
        long realTokens = 0;
        for (int[] part : ActivationBudget.split(indices, ActivationBudget.trainingRows(model.config(), length, activationBytes))) {
            TokenBatch batch = data.batch(part);
            loss += forwardAndBackward(batch, data.labels(part), data.softTargets(part), indices.length);
            realTokens += batch.realTokens();
        }
        afterBackward.accept(model.parameters());
        float rate = schedule.rate(completedSteps);
        double gradNorm = Gradients.norm(model.parameters());
        List<String> nonFinite = List.of();
        boolean skipped = !Double.isFinite(gradNorm) || !Double.isFinite(loss);
        if (skipped) {
            nonFinite = Gradients.nonFinite(model.parameters());
        } else {
            if (spec.maxGradNorm() > 0) {
                Gradients.clip(model.parameters(), spec.maxGradNorm());
            }
            optimizer.step(model.parameters(), rate);
        }
        Gradients.zero(model.parameters());
        GlibcMalloc.releaseFreedMemoryIfLarge();
        return new StepResult(loss, rate, gradNorm, System.nanoTime() - start, length, realTokens, nonFinite, skipped);
    }

    /** Adds the gradients of this part's share of the batch's mean loss; returns that share. */
    private double forwardAndBackward(TokenBatch part, int[] labels, float[][] softTargets, int batchSize) {
        try (NDScope ignored = new NDScope(); GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray share = objective.of(model.logits(part, true), labels, softTargets);
            if (labels.length != batchSize) {
                share = share.mul(OwnedArrays.scalar(share.getManager(), (float) labels.length / batchSize));
            }
            collector.backward(share);
            return share.getFloat();
        }
    }
}
