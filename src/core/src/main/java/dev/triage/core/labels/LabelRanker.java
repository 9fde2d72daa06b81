package dev.triage.core.labels;

import dev.triage.core.bundle.ProblemType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Logits to labels: scores by the problem type, then the top-k labels, best first. */
public final class LabelRanker {

    private final List<String> labels;
    private final ProblemType problemType;

    public LabelRanker(List<String> labels, ProblemType problemType) {
        this.labels = List.copyOf(labels);
        this.problemType = problemType;
    }

    /**
     * Ranks one row of logits. {@code topK} larger than the number of labels returns them all, as
     * Hugging Face's pipeline does.
     */
    public Prediction rank(float[] logits, int topK, boolean truncated) {
        if (topK < 1) {
            throw new IllegalArgumentException("topK must be at least 1, was " + topK);
        }
        if (logits.length != labels.size()) {
            throw new IllegalArgumentException(logits.length + " logits for " + labels.size() + " labels");
        }
        float[] scores = problemType.scores(logits);
        List<LabelScore> all = new ArrayList<>(labels.size());
        for (int i = 0; i < scores.length; i++) {
            all.add(new LabelScore(labels.get(i), scores[i]));
        }
        // Stable sort: equal scores keep label order, so results never depend on chance.
        all.sort(Comparator.comparingDouble((LabelScore s) -> s.score()).reversed());
        List<LabelScore> top = all.subList(0, Math.min(topK, all.size()));
        return new Prediction(top.get(0).label(), top.get(0).score(), top, truncated);
    }

    public List<String> labels() {
        return labels;
    }

    public ProblemType problemType() {
        return problemType;
    }
}
