package dev.triage.trainer.training;

import dev.triage.core.bundle.ModelBundle;
import dev.triage.trainer.evaluation.Metrics;

/**
 * What a training run produced.
 *
 * @param bundle   the exported, validated bundle
 * @param metrics  its validation metrics, measured through ONNX Runtime
 * @param baseline the TF-IDF baseline's validation metrics, or null when disabled
 * @param parity   max |logit difference| between the training engine and the export
 */
public record TrainingResult(ModelBundle bundle, Metrics metrics, Metrics baseline, double parity) {
}
