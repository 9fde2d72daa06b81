package dev.triage.export;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.core.bundle.ProblemType;
import java.util.List;

/**
 * What a bundle says about its model besides the graph and the tokenizer.
 *
 * @param name              model name, such as {@code emotion-minilm-features}
 * @param version           model version, such as {@code 1}
 * @param modelType         Hugging Face model_type of the encoder ({@code bert}, {@code distilbert})
 * @param labels            label names in logit order
 * @param problemType       single- or multi-label
 * @param maxSequenceLength tokens per text the model was trained on
 * @param details           anything else for triage.json: base model, pooling, data, metrics
 */
public record BundleSpec(String name, String version, String modelType, List<String> labels,
                         ProblemType problemType, int maxSequenceLength, ObjectNode details) {

    public BundleSpec {
        labels = List.copyOf(labels);
    }
}
