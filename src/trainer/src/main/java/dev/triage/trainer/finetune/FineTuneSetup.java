package dev.triage.trainer.finetune;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.triage.core.tokens.TextTokenizer;
import dev.triage.export.Pooling;
import dev.triage.trainer.distill.SoftTargets;
import dev.triage.trainer.encoder.HuggingFaceHub;
import dev.triage.trainer.encoder.PretrainedEncoder;
import dev.triage.trainer.encoder.PretrainedEncoders;
import dev.triage.trainer.recipe.DistillationSpec;
import dev.triage.trainer.recipe.Recipe;
import dev.triage.trainer.recipe.Recipe.FineTuneSpec;
import dev.triage.trainer.recipe.RecipeException;
import dev.triage.trainer.training.TrainingData;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What training and the throughput benchmark both start from: the recipe's data read and checked,
 * the pretrained encoder loaded, the teacher's soft targets matched to the training texts when the
 * recipe distils, every text tokenized once, and the model built from them.
 *
 * @param validation   the tokenized validation set; null for a benchmark that does not evaluate
 * @param distillation the teacher the soft targets came from, for triage.json; null when the recipe does not distil
 */
record FineTuneSetup(Recipe recipe, TrainingData data, PretrainedEncoder pretrained, TokenizedSet train,
                     TokenizedSet validation, TrainingDetails.Distillation distillation) {

    /**
     * @param resumeFrom     a checkpoint to continue from: refused, before any text is tokenized, when
     *                       it belongs to another model
     * @param withValidation whether to tokenize the validation set too
     */
    static FineTuneSetup prepare(Recipe recipe, Path cacheDir, HuggingFaceHub hub, Optional<Checkpoint.Saved> resumeFrom,
                                 boolean withValidation) throws IOException {
        TrainingData data = TrainingData.load(recipe);
        PretrainedEncoder pretrained = PretrainedEncoders.load(recipe.baseModel(), cacheDir, hub);
        if (recipe.maxSequenceLength() > pretrained.config().maxPositions()) {
            throw new RecipeException(recipe.file() + ": field 'maxSequenceLength' is " + recipe.maxSequenceLength()
                    + " but " + pretrained.name() + " has only " + pretrained.config().maxPositions() + " positions");
        }
        Pooling.fromId(recipe.pooling()); // an unknown pooling fails here, before any long work
        resumeFrom.ifPresent(saved -> Checkpoint.checkCompatible(saved, pretrained.config(), pretrained.name(),
                data.train().labels(), recipe.pooling()));
        DistillationSpec distilling = recipe.distillation();
        SoftTargets teacher = distilling == null ? null : SoftTargets.read(distilling.softTargets());
        float[][] softTargets = teacher == null ? null : teacher.align(data.train(), distilling.softTargets());
        int vocabulary = pretrained.config().vocabSize();
        try (TextTokenizer tokenizer = TextTokenizer.open(pretrained.tokenizer(), recipe.maxSequenceLength())) {
            TokenizedSet train = TokenizedSet.of(data.train(), tokenizer, vocabulary);
            return new FineTuneSetup(recipe, data, pretrained, softTargets == null ? train : train.withSoftTargets(softTargets),
                    withValidation ? TokenizedSet.of(data.validation(), tokenizer, vocabulary) : null,
                    teacher == null ? null : TrainingDetails.Distillation.of(distilling, teacher));
        }
    }

    FineTuneSpec spec() {
        return recipe.finetune();
    }

    List<String> labels() {
        return data.train().labels();
    }

    int stepsPerEpoch() {
        return (train.size() + spec().batchSize() - 1) / spec().batchSize();
    }

    /** Hugging Face's linear schedule over {@code epochs} epochs, with the recipe's warm-up share. */
    LinearWarmupSchedule schedule(int epochs) {
        int totalSteps = stepsPerEpoch() * epochs;
        return new LinearWarmupSchedule(spec().learningRate(), (int) Math.ceil(spec().warmupRatio() * totalSteps), totalSteps);
    }

    /** The pretrained encoder with a new classifier, ready to train (with glibc's malloc set for training). */
    SequenceClassifier newModel(PrintStream log) {
        GlibcMalloc.tuneForTraining(log);
        return SequenceClassifier.create(pretrained.config(), pretrained.weights(), labels().size(),
                Pooling.fromId(recipe.pooling()), (float) spec().dropout(), spec().seed());
    }

    /** The run's first line; it names the device because a job meant for a GPU silently on the CPU is 20x slower. */
    String describe() {
        return String.format(Locale.ROOT, "fine-tuning %s (%s, %d layers, %d wide) on %d texts: %d epochs of %d steps, batch %d, lr %.1e,%s on %s",
                pretrained.name(), pretrained.config().architecture().modelType(), pretrained.config().layers(),
                pretrained.config().hiddenSize(), train.size(), spec().epochs(), stepsPerEpoch(), spec().batchSize(),
                spec().learningRate(), recipe.distillation() == null ? "" : String.format(Locale.ROOT,
                        " distilled from %s (alpha %.2f, temperature %.1f),", recipe.distillation().softTargets().getFileName(),
                        recipe.distillation().alpha(), recipe.distillation().temperature()), trainingDevice());
    }

    /** The device SequenceClassifier's arrays live on: PyTorch's default, a GPU when one is visible. */
    static String trainingDevice() {
        Device device = Engine.getEngine("PyTorch").defaultDevice();
        return device.isGpu() ? "GPU " + device.getDeviceId() : "CPU (no GPU visible to PyTorch)";
    }
}
