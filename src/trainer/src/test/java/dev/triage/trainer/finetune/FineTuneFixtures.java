package dev.triage.trainer.finetune;

import dev.triage.core.logits.InferenceSettings;
import dev.triage.trainer.SharedData;
import dev.triage.export.transformer.Architecture;
import dev.triage.export.transformer.TransformerConfig;
import dev.triage.trainer.encoder.HuggingFaceHub;
import dev.triage.trainer.encoder.PretrainedEncoder;
import dev.triage.trainer.encoder.TinyCheckpoint;
import dev.triage.trainer.recipe.Recipe;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Recipes over slices of the emotion data, and a trainer that logs nowhere. */
final class FineTuneFixtures {

    static final Path CACHE = Path.of("target", "triage-cache");

    private FineTuneFixtures() {
    }

    /** A fine-tuning recipe over the first {@code trainLines} / {@code validationLines} lines of emotion. */
    static Recipe recipe(Path dir, String baseModel, int trainLines, int validationLines, String finetune) throws IOException {
        return recipe(dir, baseModel, trainLines, validationLines, finetune, "");
    }

    /** As above, with {@code moreFields} (each followed by a comma) added to the recipe's top level. */
    static Recipe recipe(Path dir, String baseModel, int trainLines, int validationLines, String finetune, String moreFields)
            throws IOException {
        Files.createDirectories(dir);
        Files.write(dir.resolve("train.txt"), Files.readAllLines(SharedData.emotion("train.txt")).subList(0, trainLines));
        Files.write(dir.resolve("validation.txt"), Files.readAllLines(SharedData.emotion("validation.txt")).subList(0, validationLines));
        Path recipe = dir.resolve("recipe.json");
        Files.writeString(recipe, """
                {%s "name": "emotion-test", "version": "t", "mode": "finetune", "baseModel": "%s", "pooling": "cls",
                 "maxSequenceLength": 48, "labels": ["sadness", "joy", "love", "anger", "fear", "surprise"],
                 "data": {"train": "train.txt", "validation": "validation.txt"},
                 "finetune": %s, "baseline": {"enabled": false}, "evaluation": {"topLosses": 5}}
                """.formatted(moreFields, baseModel.replace("\\", "\\\\"), finetune));
        return Recipe.read(recipe);
    }

    /**
     * A tiny BERT over the first {@code trainLines} emotion lines with every dropout off (encoder and
     * classifier), so that a step computes the same gradients however often it is repeated.
     */
    static FineTuneSetup withoutDropout(Path dir, int trainLines, int batchSize) throws IOException {
        Path checkpoint = TinyCheckpoint.write(dir.resolve("tiny"), Architecture.BERT, 7);
        Recipe recipe = recipe(dir.resolve("data"), checkpoint.toString(), trainLines, 8, """
                {"epochs": 1, "batchSize": %d, "learningRate": 1e-3, "dropout": 0.0}""".formatted(batchSize));
        FineTuneSetup loaded = FineTuneSetup.prepare(recipe, CACHE, HuggingFaceHub.fromEnvironment(CACHE), Optional.empty(), false);
        TransformerConfig c = loaded.pretrained().config();
        TransformerConfig noDropout = new TransformerConfig(c.architecture(), c.vocabSize(), c.hiddenSize(), c.layers(), c.heads(),
                c.intermediateSize(), c.maxPositions(), c.typeVocabSize(), c.layerNormEps(), 0f, 0f);
        PretrainedEncoder p = loaded.pretrained();
        return new FineTuneSetup(recipe, loaded.data(), new PretrainedEncoder(p.name(), noDropout, p.weights(), p.tokenizer()),
                loaded.train(), null, null);
    }

    static FineTuneTrainer trainer() {
        return trainer(quiet());
    }

    static FineTuneTrainer trainer(PrintStream log) {
        return new FineTuneTrainer(CACHE, HuggingFaceHub.fromEnvironment(CACHE), InferenceSettings.cpu(2), log);
    }

    static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }
}
