package dev.triage.trainer.features;

import dev.triage.export.BuiltInEncoders;
import dev.triage.export.BuiltInEncoders.EncoderFiles;
import dev.triage.trainer.recipe.RecipeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds a base encoder's ONNX graph and tokenizer: a built-in name, or a folder holding both. */
public final class BaseEncoders {

    private BaseEncoders() {
    }

    public static EncoderFiles resolve(String baseModel, Path cacheDir) throws IOException {
        if (BuiltInEncoders.isBuiltIn(baseModel)) {
            return BuiltInEncoders.extract(baseModel, cacheDir.resolve("encoders"));
        }
        Path dir = Path.of(baseModel);
        if (!Files.isDirectory(dir)) {
            throw new RecipeException("base model '" + baseModel + "' is neither a built-in encoder ("
                    + BuiltInEncoders.ALL_MINILM_L6_V2 + ") nor a folder");
        }
        Path onnx = dir.resolve("model.onnx");
        Path tokenizer = dir.resolve("tokenizer.json");
        for (Path file : new Path[] {onnx, tokenizer}) {
            if (!Files.isRegularFile(file)) {
                throw new RecipeException("base model folder " + dir + " has no " + file.getFileName()
                        + " (an encoder export needs model.onnx and tokenizer.json)");
            }
        }
        return new EncoderFiles(String.valueOf(dir.getFileName()), onnx, tokenizer);
    }
}
