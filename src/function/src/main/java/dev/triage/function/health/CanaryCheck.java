package dev.triage.function.health;

import dev.triage.core.bundle.ProblemType;
import dev.triage.core.labels.LabelScore;
import dev.triage.core.labels.Prediction;

/** What makes a canary prediction sane. */
final class CanaryCheck {

    private CanaryCheck() {
    }

    /** Null when the scores are sane; else what is wrong with them. */
    static String problem(Prediction prediction, ProblemType problemType) {
        double sum = 0;
        for (LabelScore score : prediction.scores()) {
            if (!Float.isFinite(score.score()) || score.score() < 0 || score.score() > 1) {
                return "score of '" + score.label() + "' is " + score.score();
            }
            sum += score.score();
        }
        if (problemType == ProblemType.SINGLE_LABEL && Math.abs(sum - 1) > 1e-3) {
            return "softmax scores sum to " + sum + ", not 1";
        }
        return null;
    }
}
