package dev.triage.core.bundle;

import java.util.List;

/** File names of the model-bundle contract (docs/design.md, "The model bundle"). */
public final class BundleFiles {

    /** ONNX graph: int64 inputs input_ids, attention_mask[, token_type_ids]; float output logits. */
    public static final String MODEL = "model.onnx";
    /** Hugging Face config: model_type, id2label, label2id, problem_type. */
    public static final String CONFIG = "config.json";
    /** Hugging Face fast-tokenizer file. */
    public static final String TOKENIZER = "tokenizer.json";
    /** Triage's own, optional: name, version, max sequence length, metrics, sha256 of every file. */
    public static final String MANIFEST = "triage.json";

    /** The files every bundle must have; an Optimum text-classification export has all three. */
    public static final List<String> REQUIRED = List.of(MODEL, CONFIG, TOKENIZER);

    private BundleFiles() {
    }
}
