package dev.triage.trainer.encoder;

import dev.triage.export.transformer.TransformerConfig;
import dev.triage.export.transformer.Tensor;
import dev.triage.export.transformer.OnnxEncoderWeights;
import dev.triage.export.BuiltInEncoders;
import dev.triage.trainer.recipe.RecipeException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where a fine-tuning run's starting weights come from:
 * <ul>
 *   <li>a built-in name ({@code all-minilm-l6-v2}): the ONNX export Maven fetches, and its known config;</li>
 *   <li>a Hugging Face checkpoint folder: {@code config.json}, {@code model.safetensors}, {@code tokenizer.json};</li>
 *   <li>an ONNX encoder export folder: {@code config.json}, {@code model.onnx}, {@code tokenizer.json};</li>
 *   <li>a Hugging Face model id ({@code distilbert-base-uncased}, {@code org/name}), downloaded into the cache.</li>
 * </ul>
 * A missing file is named before any long work starts.
 */
public final class PretrainedEncoders {

    private static final Pattern MODEL_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*(/[A-Za-z0-9][A-Za-z0-9._-]*)?");

    private PretrainedEncoders() {
    }

    public static PretrainedEncoder load(String baseModel, Path cacheDir, HuggingFaceHub hub) throws IOException {
        if (BuiltInEncoders.isBuiltIn(baseModel)) {
            BuiltInEncoders.EncoderFiles files = BuiltInEncoders.extract(baseModel, cacheDir.resolve("encoders"));
            TransformerConfig config;
            try (InputStream in = PretrainedEncoders.class.getResourceAsStream(baseModel + ".config.json")) {
                if (in == null) {
                    throw new IOException("no config for built-in encoder " + baseModel);
                }
                config = TransformerConfig.parse(new com.fasterxml.jackson.databind.ObjectMapper().readTree(in));
            }
            return new PretrainedEncoder(baseModel, config, stripPrefix(OnnxEncoderWeights.read(files.onnx())), files.tokenizer());
        }
        Path dir = Path.of(baseModel);
        if (Files.isDirectory(dir)) {
            return fromFolder(dir, String.valueOf(dir.toAbsolutePath().normalize().getFileName()));
        }
        if (MODEL_ID.matcher(baseModel).matches() && !baseModel.contains("..")) {
            return fromFolder(hub.download(baseModel), baseModel);
        }
        throw new RecipeException("base model '" + baseModel + "' is not a built-in encoder, a folder, or a Hugging Face model id");
    }

    static PretrainedEncoder fromFolder(Path dir, String name) throws IOException {
        Path config = require(dir, "config.json");
        Path tokenizer = require(dir, "tokenizer.json");
        Path safetensors = dir.resolve("model.safetensors");
        Path onnx = dir.resolve("model.onnx");
        Map<String, Tensor> weights;
        if (Files.isRegularFile(safetensors)) {
            weights = Safetensors.read(safetensors);
        } else if (Files.isRegularFile(onnx)) {
            weights = OnnxEncoderWeights.read(onnx);
        } else {
            throw new RecipeException("base model folder " + dir + " has no model.safetensors (a Hugging Face checkpoint) "
                    + "and no model.onnx (an encoder export)");
        }
        TransformerConfig parsed;
        try {
            parsed = TransformerConfig.read(config);
        } catch (IOException e) {
            throw new RecipeException(e.getMessage(), e);
        }
        return new PretrainedEncoder(name, parsed, stripPrefix(weights), tokenizer);
    }

    private static Path require(Path dir, String file) {
        Path path = dir.resolve(file);
        if (!Files.isRegularFile(path)) {
            throw new RecipeException("base model folder " + dir + " has no " + file);
        }
        return path;
    }

    /** Task checkpoints prefix encoder weights with the model type ("bert.", "distilbert."). */
    static Map<String, Tensor> stripPrefix(Map<String, Tensor> weights) {
        Map<String, Tensor> stripped = new LinkedHashMap<>();
        for (Map.Entry<String, Tensor> entry : weights.entrySet()) {
            String name = entry.getKey();
            for (String prefix : List.of("bert.", "distilbert.")) {
                if (name.startsWith(prefix)) {
                    name = name.substring(prefix.length());
                }
            }
            stripped.put(name, entry.getValue());
        }
        return stripped;
    }
}
