package dev.triage.trainer.cli;

import dev.triage.trainer.recipe.Recipe;
import dev.triage.trainer.training.FeaturesModeTrainer;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Trains a model from a recipe, exports it as a bundle, checks the export against the training "
                + "engine, and evaluates the exported bundle on the validation data beside a TF-IDF baseline.",
                "Writes the bundle (model.onnx, config.json, tokenizer.json, triage.json), head.json and report/ to --out."})
public final class TrainCommand implements Callable<Integer> {

    @Option(names = "--recipe", required = true, description = "The recipe, such as models/emotion-minilm-features/recipe.json.")
    Path recipe;

    @Option(names = "--out", description = "Bundle folder to write (default: target/models/<name>/<version>).")
    Path out;

    @Option(names = "--model-version", description = "Overrides the recipe's model version.")
    String version;

    @Option(names = "--pooling", description = "Overrides the recipe's pooling: mean or cls.")
    String pooling;

    @Option(names = "--train", description = "Overrides the recipe's training data file.")
    Path train;

    @Option(names = "--validation", description = "Overrides the recipe's validation data file.")
    Path validation;

    @Option(names = "--c", description = "Overrides the head's inverse L2 strength C (scikit-learn's meaning).")
    Double c;

    @Option(names = "--max-steps", description = "Overrides the head's maximum optimisation steps.")
    Integer maxSteps;

    @Mixin
    RuntimeOptions runtime;

    @Override
    public Integer call() throws Exception {
        Recipe loaded = Recipe.read(recipe).with(version, pooling, train, validation, c, maxSteps);
        Path target = out != null ? out : Path.of("target", "models", loaded.name(), loaded.version());
        new FeaturesModeTrainer(runtime.cacheDir(), runtime.inference(), System.out).train(loaded, target);
        return 0;
    }
}
