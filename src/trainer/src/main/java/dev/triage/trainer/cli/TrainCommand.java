package dev.triage.trainer.cli;

import dev.triage.core.files.Folders;
import dev.triage.trainer.encoder.HuggingFaceHub;
import dev.triage.trainer.finetune.Checkpoint;
import dev.triage.trainer.finetune.FineTuneTrainer;
import dev.triage.trainer.recipe.Recipe;
import dev.triage.trainer.recipe.Recipe.FineTuneSpec;
import dev.triage.trainer.recipe.Recipe.TrainingMode;
import dev.triage.trainer.quantize.Int8Twin;
import dev.triage.trainer.training.FeaturesModeTrainer;
import dev.triage.trainer.training.TrainingData;
import dev.triage.s3.S3Location;
import dev.triage.trainer.storage.StagedRun;
import java.nio.file.Files;
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

    @Option(names = "--recipe", required = true, description = "The recipe, such as models/emotion-minilm-features/recipe.json, "
            + "or an s3:// address (its relative data paths are then read from beside it in S3).")
    String recipe;

    @Option(names = "--out", description = "Bundle folder or s3:// prefix to write (default: target/models/<name>/<version>). "
            + "An S3 prefix that already holds a bundle is refused: versions are immutable.")
    String out;

    @Option(names = "--mode", description = "Overrides the recipe's mode: features or finetune.")
    String mode;

    @Option(names = "--model-version", description = "Overrides the recipe's model version.")
    String version;

    @Option(names = "--base-model", description = "Overrides the recipe's base model: a built-in name, a folder, or a "
            + "Hugging Face model id.")
    String baseModel;

    @Option(names = "--pooling", description = "Overrides the recipe's pooling: mean or cls.")
    String pooling;

    @Option(names = "--train", description = "Overrides the recipe's training data file (a path or s3:// address).")
    String train;

    @Option(names = "--validation", description = "Overrides the recipe's validation data file (a path or s3:// address).")
    String validation;

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

    @Option(names = "--random-batches", description = "Fine-tuning: shuffle without grouping texts of similar length "
            + "(the recipe's groupByLength: false).")
    boolean randomBatches;

    @Option(names = "--checkpoint-every", description = "Fine-tuning: steps between checkpoints (0: at epoch ends only).")
    Integer checkpointEvery;

    @Option(names = "--training-dir", description = "Fine-tuning: checkpoints, best weights and metrics.jsonl, a folder or "
            + "an s3:// prefix (checkpoints are uploaded as they are made; default: <out>-training, required with an S3 --out).")
    String trainingDir;

    @Option(names = "--resume", description = "Fine-tuning: continue from the newest checkpoint in --training-dir "
            + "(an error when there is none).")
    boolean resume;

    @Option(names = "--auto-resume", description = "Fine-tuning: continue from the newest checkpoint in --training-dir when "
            + "there is one, else start afresh (for jobs that a scheduler retries after a spot instance is taken back).")
    boolean autoResume;

    @Option(names = "--stop-after-steps", defaultValue = "0", description = "Fine-tuning: stop after this many steps "
            + "as a kill would (to try --resume); 0: never.")
    long stopAfterSteps;

    @Mixin
    RuntimeOptions runtime;

    @Override
    public Integer call() throws Exception {
        Path staging = Files.createTempDirectory("triage-train-");
        try (StagedRun staged = new StagedRun(staging)) {
            Recipe loaded = Recipe.read(staged.recipe(recipe)).with(version, pooling, staged.data(train, "train"),
                    staged.data(validation, "validation"), c, maxSteps);
            if (mode != null) {
                loaded = loaded.withMode(parseMode(mode));
            }
            if (baseModel != null) {
                loaded = loaded.withBaseModel(baseModel);
            }
            String outLocation = out != null ? out : Path.of("target", "models", loaded.name(), loaded.version()).toString();
            staged.checkOutputFree(outLocation);
            if (loaded.quantize() != null) {
                staged.checkOutputFree(Int8Twin.locationBeside(outLocation));
            }
            Path localOut = staged.output(outLocation);
            if (loaded.mode() == TrainingMode.FEATURES) {
                new FeaturesModeTrainer(runtime.cacheDir(), runtime.inference(), System.out).train(loaded, localOut);
                staged.publish(localOut, outLocation);
                writeInt8Twin(loaded, staged, localOut, outLocation);
                return 0;
            }
            String trainingLocation = trainingDir != null ? trainingDir : trainingBeside(outLocation);
            Path localTraining = staged.trainingDir(trainingLocation);
            if (resume || autoResume) {
                staged.fetchCheckpoints(trainingLocation, localTraining);
            }
            boolean resuming = resume || autoResume && Checkpoint.latest(localTraining).isPresent();
            if (autoResume) {
                System.out.println(resuming ? "--auto-resume: continuing from the checkpoints in " + trainingLocation
                        : "--auto-resume: no checkpoint in " + trainingLocation + ", starting afresh");
            }
            FineTuneTrainer.Options options = new FineTuneTrainer.Options(localTraining, resuming, stopAfterSteps,
                    folder -> staged.pushCheckpoint(trainingLocation, localTraining, folder));
            FineTuneTrainer trainer = new FineTuneTrainer(runtime.cacheDir(), HuggingFaceHub.fromEnvironment(runtime.cacheDir()),
                    runtime.inference(), System.out);
            if (trainer.train(withFineTuneOverrides(loaded), localOut, options).exported()) {
                staged.publish(localOut, outLocation);
                writeInt8Twin(loaded, staged, localOut, outLocation);
            }
            return 0;
        } finally {
            Folders.deleteRecursively(staging);
        }
    }

    /** The recipe's {@code "quantize"}: the int8 twin beside the bundle, both evaluated on the validation data. */
    private void writeInt8Twin(Recipe recipe, StagedRun staged, Path localOut, String outLocation) throws Exception {
        if (recipe.quantize() == null) {
            return;
        }
        String int8Location = Int8Twin.locationBeside(outLocation);
        Path localInt8 = staged.output(int8Location, "bundle" + Int8Twin.SUFFIX);
        Int8Twin.write(recipe, localOut, localInt8, TrainingData.load(recipe).validation(), runtime.inference(), System.out);
        staged.publish(localInt8, int8Location);
    }

    private static String trainingBeside(String outLocation) {
        if (S3Location.isS3(outLocation)) {
            throw new IllegalArgumentException("with an s3:// --out, name where checkpoints go with --training-dir "
                    + "(an s3:// prefix, so that a replacement instance can --resume)");
        }
        Path target = Path.of(outLocation);
        return target.resolveSibling(target.getFileName() + "-training").toString();
    }

    private Recipe withFineTuneOverrides(Recipe loaded) {
        FineTuneSpec f = loaded.finetune();
        return loaded.withFineTune(new FineTuneSpec(epochs != null ? epochs : f.epochs(), batchSize != null ? batchSize : f.batchSize(),
                learningRate != null ? learningRate : f.learningRate(), weightDecay != null ? weightDecay : f.weightDecay(),
                warmupRatio != null ? warmupRatio : f.warmupRatio(), f.maxGradNorm(), f.dropout(), seed != null ? seed : f.seed(),
                !randomBatches && f.groupByLength(),
                checkpointEvery != null ? checkpointEvery : f.checkpointEvery()));
    }

    private static TrainingMode parseMode(String value) {
        try {
            return TrainingMode.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--mode must be features or finetune, is '" + value + "'");
        }
    }
}
