package dev.triage.core.labels;

/** One label and its score (a probability: softmax for single-label models, sigmoid for multi-label). */
public record LabelScore(String label, float score) {
}
