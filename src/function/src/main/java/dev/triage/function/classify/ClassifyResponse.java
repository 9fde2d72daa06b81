package dev.triage.function.classify;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.triage.core.labels.LabelScore;
import dev.triage.core.labels.Prediction;
import java.util.List;

/**
 * The answer, in the shape of Hugging Face's text-classification pipeline plus the model that gave
 * it: {@code {label, score, scores, model}} for one text, {@code {results: [...], model}} for a batch.
 * {@code truncated} appears only for a text longer than the model reads.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClassifyResponse(String label, Float score, List<LabelScore> scores, Boolean truncated,
                               List<ClassifyResponse> results, String model) {

    public static ClassifyResponse single(Prediction prediction, String model) {
        return new ClassifyResponse(prediction.label(), prediction.score(), prediction.scores(),
                prediction.truncated() ? Boolean.TRUE : null, null, model);
    }

    public static ClassifyResponse batch(List<Prediction> predictions, String model) {
        return new ClassifyResponse(null, null, null, null, predictions.stream().map(p -> single(p, null)).toList(), model);
    }
}
