package dev.triage.trainer.evaluation;

import java.util.Comparator;
import java.util.List;

/** Metrics and the scored examples they were computed from. */
public record Evaluation(Metrics metrics, List<ScoredExample> examples) {

    /** The examples the model got most wrong, highest loss first. */
    public List<ScoredExample> highestLoss(int count) {
        return examples.stream().sorted(Comparator.comparingDouble(ScoredExample::loss).reversed()).limit(count).toList();
    }

    public double meanLoss() {
        return examples.stream().mapToDouble(ScoredExample::loss).average().orElse(Double.NaN);
    }
}
