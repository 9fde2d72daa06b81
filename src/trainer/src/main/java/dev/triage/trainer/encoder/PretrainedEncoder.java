package dev.triage.trainer.encoder;

import dev.triage.export.transformer.TransformerConfig;
import dev.triage.export.transformer.Tensor;
import java.nio.file.Path;
import java.util.Map;

/**
 * An encoder's shape, its weights under Hugging Face names, its tokenizer, and where it came from.
 *
 * @param name      how recipes and bundles name it
 * @param config    layers, widths, heads
 * @param weights   state dict without the "bert." / "distilbert." prefix
 * @param tokenizer the tokenizer.json to tokenize with
 */
public record PretrainedEncoder(String name, TransformerConfig config, Map<String, Tensor> weights, Path tokenizer) {
}
