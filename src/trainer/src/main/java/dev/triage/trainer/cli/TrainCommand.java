package dev.triage.trainer.cli;

import dev.triage.trainer.encoder.HuggingFaceHub;
import dev.triage.trainer.finetune.FineTuneTrainer;
import dev.triage.trainer.recipe.Recipe;
import dev.triage.trainer.recipe.Recipe.FineTuneSpec;
import dev.triage.trainer.recipe.Recipe.TrainingMode;
import dev.triage.trainer.training.FeaturesModeTrainer;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Trains a model from a recipe, exports it as a bundle, checks the export against the training "
                + "engine, and evaluates the exported bundle on the validation data beside a TF-IDF baseline.",
                "Modes: features (frozen encoder + logistic-regression head) or finetune (every weight trained).",
                "Writes the bundle (model.onnx, config.json, tokenizer.json, triage.json) and report/ to --out; "
                        + "features mode adds head.json, fine-tuning keeps checkpoints and metrics.jsonl in --training-dir."})
public final class TrainCommand implements Callable<Integer> {

    @Option(names = "--recipe", required = true, description = "The recipe, such as models/emotion-minilm-features/recipe.json.")
    Path recipe;

    @Option(names = "--out", description = "Bundle folder to write (default: target/models/<name>/<version>).")
    Path out;

    @Option(names = "--mode", description = "Overrides the recipe's mode: features or finetune.")
    String mode;

    @Option(names = "--model-version", description = "Overrides the recipe's model version.")
    String version;

    @Option(names = "--base-model", description = "Overrides the recipe's base model: a built-in name, a folder, or a "
            + "Hugging Face model id.")
    String baseModel;

    @Option(names = "--pooling", description = "Overrides the recipe's pooling: mean or cls.")
    String pooling;

    @Option(names = "--train", description = "Overrides the recipe's training data file.")
    Path train;

    @Option(names = "--validation", description = "Overrides the recipe's validation data file.")
    Path validation;

    @Option(names = "--c", description = "Features mode: the head's inverse L2 strength C (scikit-learn's meaning).")
    Double c;

    @Option(names = "--max-steps", description = "Features mode: the head's optimisation steps.")
    Integer maxSteps;

    @Option(names = "--epochs", description = "Fine-tuning: passes over the training data.")
    Integer epochs;

    @Option(names = "--batch-size", description = "Fine-tuning: examples per step.")
    Integer batchSize;

    @Option(names = "--learning-rate", description = "Fine-tuning: AdamW's peak learning rate.")
    Double learningRate;

    @Option(names = "--weight-decay", description = "Fine-tuning: decoupled weight decay.")
    Double weightDecay;

    @Option(names = "--warmup-ratio", description = "Fine-tuning: share of steps for the linear warm-up.")
    Double warmupRatio;

    @Option(names = "--seed", description = "Fine-tuning: seed of shuffling, dropout and initialisation.")
    Long seed;

    @Option(names = "--group-by-length", negatable = true, description = "Fine-tuning: batch texts of similar length "
            + "(default: the recipe's, true).")
    Boolean groupByLength;

    @Option(names = "--checkpoint-every", description = "Fine-tuning: steps between checkpoints (0: at epoch ends only).")
    Integer checkpointEvery;

    @Option(names = "--training-dir", description = "Fine-tuning: checkpoints, best weights and metrics.jsonl "
            + "(default: <out>-training).")
    Path trainingDir;

    @Option(names = "--resume", description = "Fine-tuning: continue from the newest checkpoint in --training-dir.")
    boolean resume;

    @Option(names = "--stop-after-steps", defaultValue = "0", description = "Fine-tuning: stop after this many steps "
            + "as a kill would (to try --resume); 0: never.")
    long stopAfterSteps;

    @Mixin
    RuntimeOptions runtime;

    @Override
    public Integer call() throws Exception {
        Recipe loaded = Recipe.read(recipe).with(version, pooling, train, validation, c, maxSteps);
        if (mode != null) {
            loaded = loaded.withMode(parseMode(mode));
        }
        if (baseModel != null) {
            loaded = loaded.withBaseModel(baseModel);
        }
        Path target = out != null ? out : Path.of("target", "models", loaded.name(), loaded.version());
        if (loaded.mode() == TrainingMode.FEATURES) {
            new FeaturesModeTrainer(runtime.cacheDir(), runtime.inference(), System.out).train(loaded, target);
            return 0;
        }
        FineTuneSpec f = loaded.finetune();
        loaded = loaded.withFineTune(new FineTuneSpec(epochs != null ? epochs : f.epochs(), batchSize != null ? batchSize : f.batchSize(),
                learningRate != null ? learningRate : f.learningRate(), weightDecay != null ? weightDecay : f.weightDecay(),
                warmupRatio != null ? warmupRatio : f.warmupRatio(), f.maxGradNorm(), f.dropout(), seed != null ? seed : f.seed(),
                groupByLength != null ? groupByLength : f.groupByLength(),
                checkpointEvery != null ? checkpointEvery : f.checkpointEvery()));
        Path training = trainingDir != null ? trainingDir : target.resolveSibling(target.getFileName() + "-training");
        new FineTuneTrainer(runtime.cacheDir(), HuggingFaceHub.fromEnvironment(runtime.cacheDir()), runtime.inference(), System.out)
                .train(loaded, target, new FineTuneTrainer.Options(training, resume, stopAfterSteps));
        return 0;
    }

    private static TrainingMode parseMode(String value) {
        try {
            return TrainingMode.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--mode must be features or finetune, is '" + value + "'");
        }
    }
}
