package dev.triage.trainer.finetune;

import dev.triage.core.logits.InferenceSettings;
import dev.triage.trainer.SharedData;
import dev.triage.trainer.encoder.HuggingFaceHub;
import dev.triage.trainer.recipe.Recipe;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Recipes over slices of the emotion data, and a trainer that logs nowhere. */
final class FineTuneFixtures {

    static final Path CACHE = Path.of("target", "triage-cache");

    private FineTuneFixtures() {
    }

    /** A fine-tuning recipe over the first {@code trainLines} / {@code validationLines} lines of emotion. */
    static Recipe recipe(Path dir, String baseModel, int trainLines, int validationLines, String finetune) throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("train.txt"), Files.readAllLines(SharedData.emotion("train.txt")).subList(0, trainLines));
        Files.write(dir.resolve("validation.txt"), Files.readAllLines(SharedData.emotion("validation.txt")).subList(0, validationLines));
        Path recipe = dir.resolve("recipe.json");
        Files.writeString(recipe, """
                {"name": "emotion-test", "version": "t", "mode": "finetune", "baseModel": "%s", "pooling": "cls",
                 "maxSequenceLength": 48, "labels": ["sadness", "joy", "love", "anger", "fear", "surprise"],
                 "data": {"train": "train.txt", "validation": "validation.txt"},
                 "finetune": %s, "baseline": {"enabled": false}, "evaluation": {"topLosses": 5}}
                """.formatted(baseModel.replace("\\", "\\\\"), finetune));
        return Recipe.read(recipe);
    }

    static FineTuneTrainer trainer() {
        return new FineTuneTrainer(CACHE, HuggingFaceHub.fromEnvironment(CACHE), InferenceSettings.cpu(2), quiet());
    }

    static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
