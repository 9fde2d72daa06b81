package dev.triage.trainer.finetune;

import dev.triage.core.files.Folders;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.core.logits.InferenceSettings;
import dev.triage.core.tokens.TextTokenizer;
import dev.triage.core.tokens.TokenBatch;
import dev.triage.export.Pooling;
import dev.triage.export.transformer.Tensor;
import dev.triage.trainer.encoder.HuggingFaceHub;
import dev.triage.trainer.encoder.PretrainedEncoder;
import dev.triage.trainer.encoder.PretrainedEncoders;
import dev.triage.trainer.evaluation.Metrics;
import dev.triage.trainer.progress.ProgressBar;
import dev.triage.trainer.recipe.Recipe;
import dev.triage.trainer.recipe.Recipe.FineTuneSpec;
import dev.triage.trainer.recipe.RecipeException;
import dev.triage.trainer.training.TrainingData;
import dev.triage.trainer.training.TrainingResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The book's second method: fine-tune every weight of the encoder together with a classification
 * head. Hugging Face Trainer semantics throughout (AdamW without decay on biases and LayerNorm
 * weights, linear warm-up and decay, gradient-norm clipping, dynamic padding, seeded shuffling,
 * evaluation every epoch, the best epoch by macro-F1 kept), plus batches grouped by length,
 * checkpoints a killed run resumes from exactly, and an export whose logits are checked against
 * the DJL model's before the exported bundle is evaluated.
 */
public final class FineTuneTrainer {

    private static final int EVALUATION_BATCH = 128;
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * @param trainingDir    checkpoints, best weights and metrics.jsonl
     * @param resume         continue from the newest checkpoint in trainingDir
     * @param stopAfterSteps stop (as a kill would) after this many steps of this process; 0: never
     * @param onCheckpoint   called with each checkpoint folder once it is complete (to upload it, say)
     */
    public record Options(Path trainingDir, boolean resume, long stopAfterSteps, CheckpointListener onCheckpoint) {

        public Options(Path trainingDir, boolean resume, long stopAfterSteps) {
            this(trainingDir, resume, stopAfterSteps, folder -> { });
        }
    }

    /** Hears of every checkpoint written. */
    @FunctionalInterface
    public interface CheckpointListener {
        void saved(Path checkpointFolder) throws IOException;
    }

    private final Path cacheDir;
    private final HuggingFaceHub hub;
    private final InferenceSettings settings;
    private final PrintStream log;
    /** Updates skipped for non-finite gradients, with what was wrong; reported in the log and the bundle. */
    private final List<String> skippedSteps = new ArrayList<>();

    public FineTuneTrainer(Path cacheDir, HuggingFaceHub hub, InferenceSettings settings, PrintStream log) {
        this.cacheDir = cacheDir;
        this.hub = hub;
        this.settings = settings;
        this.log = log;
    }

    /** Trains, exports and reports; returns null when {@code stopAfterSteps} stopped the run early. */
    public TrainingResult train(Recipe recipe, Path out, Options options) throws IOException {
        FineTuneSpec spec = recipe.finetune();
        TrainingData data = TrainingData.load(recipe);
        PretrainedEncoder pretrained = PretrainedEncoders.load(recipe.baseModel(), cacheDir, hub);
        if (recipe.maxSequenceLength() > pretrained.config().maxPositions()) {
            throw new RecipeException(recipe.file() + ": field 'maxSequenceLength' is " + recipe.maxSequenceLength()
                    + " but " + pretrained.name() + " has only " + pretrained.config().maxPositions() + " positions");
        }
        Pooling pooling = Pooling.fromId(recipe.pooling());
        List<String> labels = data.train().labels();
        Optional<Checkpoint.Saved> checkpoint = options.resume() ? Checkpoint.latest(options.trainingDir()) : Optional.empty();
        if (options.resume() && checkpoint.isEmpty()) {
            throw new IOException("--resume: no checkpoint in " + options.trainingDir());
        }
        checkpoint.ifPresent(saved -> Checkpoint.checkCompatible(saved, pretrained.config(), pretrained.name(), labels,
                recipe.pooling()));
        if (!options.resume()) {
            Folders.deleteRecursively(options.trainingDir()); // a fresh run must not mix with an old one's log
        }

        TokenizedSet train;
        TokenizedSet validation;
        try (TextTokenizer tokenizer = TextTokenizer.open(pretrained.tokenizer(), recipe.maxSequenceLength())) {
            train = TokenizedSet.of(data.train(), tokenizer, pretrained.config().vocabSize());
            validation = TokenizedSet.of(data.validation(), tokenizer, pretrained.config().vocabSize());
        }
        int stepsPerEpoch = (train.size() + spec.batchSize() - 1) / spec.batchSize();
        int totalSteps = stepsPerEpoch * spec.epochs();
        LinearWarmupSchedule schedule = new LinearWarmupSchedule(spec.learningRate(),
                (int) Math.ceil(spec.warmupRatio() * totalSteps), totalSteps);
        log.printf(Locale.ROOT, "fine-tuning %s (%s, %d layers, %d wide) on %d texts: %d epochs of %d steps, batch %d, lr %.1e%n",
                pretrained.name(), pretrained.config().architecture().modelType(), pretrained.config().layers(),
                pretrained.config().hiddenSize(), train.size(), spec.epochs(), stepsPerEpoch, spec.batchSize(), spec.learningRate());

        try (SequenceClassifier model = SequenceClassifier.create(pretrained.config(), pretrained.weights(), labels.size(),
                pooling, (float) spec.dropout(), spec.seed());
             TrainingLog trainingLog = new TrainingLog(options.trainingDir())) {
            AdamW optimizer = new AdamW(model.manager(), model.parameters(), (float) spec.weightDecay());
            RunState run = new RunState();
            if (checkpoint.isPresent()) {
                Checkpoint.Saved saved = checkpoint.get();
                model.load(Checkpoint.modelWeights(saved.tensors()));
                optimizer.load(saved.tensors(), saved.step());
                run.restore(saved);
                log.printf(Locale.ROOT, "resumed from %s: step %d, epoch %d, batch %d%n", saved.folder(), saved.step(),
                        saved.epoch() + 1, saved.batchInEpoch());
            }
            long stepsThisProcess = 0;
            for (int epoch = run.epoch; epoch < spec.epochs(); epoch++) {
                List<int[]> batches = LengthGroupedBatches.of(train.lengths(), spec.batchSize(), spec.groupByLength(), spec.seed(), epoch);
                ProgressBar progress = new ProgressBar(String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, spec.epochs()),
                        train.size(), "samples", log);
                int first = epoch == run.epoch ? run.batchInEpoch : 0;
                for (int b = 0; b < first; b++) {
                    progress.advance(batches.get(b).length, "resumed");
                }
                for (int b = first; b < batches.size(); b++) {
                    int[] indices = batches.get(b);
                    StepResult result = step(model, optimizer, schedule, spec, train, indices, run.step);
                    run.step++;
                    stepsThisProcess++;
                    run.epochTrainingNanos += result.nanos();
                    run.epochSamples += indices.length;
                    trainingLog.step(run.step, epoch, result.loss(), result.rate(), result.gradNorm(),
                            indices.length / (result.nanos() / 1e9), result.sequenceLength());
                    if (result.skipped()) {
                        log.println("skipped the update of " + skippedSteps.get(skippedSteps.size() - 1));
                    }
                    progress.advance(indices.length, String.format(Locale.ROOT, "step %d/%d loss %.4f lr %.2e", run.step,
                            totalSteps, result.loss(), result.rate()));
                    boolean epochEnds = b == batches.size() - 1;
                    if (!epochEnds && spec.checkpointEvery() > 0 && run.step % spec.checkpointEvery() == 0) {
                        options.onCheckpoint().saved(save(options.trainingDir(), run, epoch, b + 1, model, optimizer, recipe,
                                pretrained, labels));
                    }
                    if (options.stopAfterSteps() > 0 && stepsThisProcess >= options.stopAfterSteps() && !epochEnds) {
                        log.println("stopped after " + stepsThisProcess + " steps, as asked; resume with --resume");
                        return null;
                    }
                }
                double epochThroughput = run.epochSamples / (run.epochTrainingNanos / 1e9);
                Evaluated evaluated = evaluate(model, validation, labels);
                trainingLog.evaluation(run.step, epoch, evaluated.loss, evaluated.metrics.accuracy(), evaluated.metrics.macroF1(),
                        epochThroughput);
                run.history.add(JSON.createObjectNode().put("epoch", epoch + 1).put("step", run.step)
                        .put("validationLoss", evaluated.loss).put("validationAccuracy", evaluated.metrics.accuracy())
                        .put("validationMacroF1", evaluated.metrics.macroF1()).put("trainingSamplesPerSecond", epochThroughput)
                        .put("trainingSeconds", run.epochTrainingNanos / 1e9));
                log.printf(Locale.ROOT, "epoch %d: %.1f samples/s over %.0f s of training; validation loss %.4f accuracy %.4f macro-F1 %.4f%n",
                        epoch + 1, epochThroughput, run.epochTrainingNanos / 1e9, evaluated.loss, evaluated.metrics.accuracy(),
                        evaluated.metrics.macroF1());
                if (evaluated.metrics.macroF1() > run.bestMacroF1) {
                    run.bestMacroF1 = evaluated.metrics.macroF1();
                    run.bestEpoch = epoch + 1;
                    Checkpoint.saveBest(options.trainingDir(), model.stateDict(), epoch + 1, run.bestMacroF1);
                }
                run.epochTrainingNanos = 0;
                run.epochSamples = 0;
                options.onCheckpoint().saved(save(options.trainingDir(), run, epoch + 1, 0, model, optimizer, recipe, pretrained,
                        labels));
            }
            log.printf(Locale.ROOT, "best epoch %d (validation macro-F1 %.4f)%n", run.bestEpoch, run.bestMacroF1);
            Map<String, Tensor> best = Checkpoint.loadBest(options.trainingDir());
            model.load(best);
            return new FineTunedExport(settings, log).export(recipe, out, options.trainingDir(), model, best, pretrained, data,
                    details(recipe, pretrained, data, run));
        }
    }

    /** What one optimisation step did. */
    record StepResult(double loss, float rate, double gradNorm, long nanos, int sequenceLength, long realTokens,
                      boolean skipped) {
    }

    /**
     * One optimisation step on one batch: forward and backward with dropout, gradient clipping,
     * AdamW at the scheduled rate. Dropout draws from a generator seeded by the step alone, so a
     * resumed run draws what the uninterrupted one drew.
     */
    StepResult step(SequenceClassifier model, AdamW optimizer, LinearWarmupSchedule schedule, FineTuneSpec spec,
                    TokenizedSet data, int[] indices, long completedSteps) {
        long start = System.nanoTime();
        TokenBatch batch = data.batch(indices);
        Engine.getInstance().setRandomSeed((int) (spec.seed() * 7919 + completedSteps));
        double loss = trainingStep(model, batch, data.labels(indices));
        float rate = schedule.rate(completedSteps);
        double gradNorm = Gradients.norm(model.parameters());
        boolean skipped = !Double.isFinite(gradNorm) || !Double.isFinite(loss);
        if (skipped) {
            // One bad batch must not turn every weight into NaN: the update is skipped and reported.
            skippedSteps.add("step " + (completedSteps + 1) + ": loss " + loss + ", non-finite gradients in "
                    + Gradients.nonFinite(model.parameters()));
        } else {
            if (spec.maxGradNorm() > 0) {
                Gradients.clip(model.parameters(), spec.maxGradNorm());
            }
            optimizer.step(model.parameters(), rate);
        }
        Gradients.zero(model.parameters());
        return new StepResult(loss, rate, gradNorm, System.nanoTime() - start, batch.sequenceLength(), batch.realTokens(), skipped);
    }

    /**
     * Training throughput, measured as training measures it: the same batches (padding included),
     * forward, backward, clipping and AdamW, but no evaluation, checkpoints or export.
     *
     * @param maxSteps stop after this many steps (0: whole epochs)
     */
    public ThroughputReport benchmark(Recipe recipe, int epochs, boolean groupByLength, int maxSteps) throws IOException {
        FineTuneSpec spec = recipe.finetune();
        TrainingData data = TrainingData.load(recipe);
        PretrainedEncoder pretrained = PretrainedEncoders.load(recipe.baseModel(), cacheDir, hub);
        TokenizedSet train;
        try (TextTokenizer tokenizer = TextTokenizer.open(pretrained.tokenizer(), recipe.maxSequenceLength())) {
            train = TokenizedSet.of(data.train(), tokenizer, pretrained.config().vocabSize());
        }
        int stepsPerEpoch = (train.size() + spec.batchSize() - 1) / spec.batchSize();
        LinearWarmupSchedule schedule = new LinearWarmupSchedule(spec.learningRate(),
                (int) Math.ceil(spec.warmupRatio() * stepsPerEpoch * epochs), stepsPerEpoch * epochs);
        long samples = 0;
        long nanos = 0;
        long realTokens = 0;
        long paddedTokens = 0;
        long steps = 0;
        try (SequenceClassifier model = SequenceClassifier.create(pretrained.config(), pretrained.weights(),
                data.train().labels().size(), Pooling.fromId(recipe.pooling()), (float) spec.dropout(), spec.seed())) {
            AdamW optimizer = new AdamW(model.manager(), model.parameters(), (float) spec.weightDecay());
            for (int epoch = 0; epoch < epochs; epoch++) {
                List<int[]> batches = LengthGroupedBatches.of(train.lengths(), spec.batchSize(), groupByLength, spec.seed(), epoch);
                ProgressBar progress = new ProgressBar(String.format(Locale.ROOT, "%s epoch %d/%d",
                        groupByLength ? "grouped" : "random", epoch + 1, epochs), maxSteps > 0 ? (long) maxSteps * spec.batchSize()
                        : train.size(), "samples", log);
                for (int[] indices : batches) {
                    StepResult result = step(model, optimizer, schedule, spec, train, indices, steps);
                    steps++;
                    samples += indices.length;
                    nanos += result.nanos();
                    realTokens += result.realTokens();
                    paddedTokens += (long) result.sequenceLength() * indices.length;
                    progress.advance(indices.length, String.format(Locale.ROOT, "loss %.4f", result.loss()));
                    if (maxSteps > 0 && steps >= maxSteps) {
                        return new ThroughputReport(groupByLength, steps, samples, nanos / 1e9, realTokens, paddedTokens);
                    }
                }
            }
        }
        return new ThroughputReport(groupByLength, steps, samples, nanos / 1e9, realTokens, paddedTokens);
    }

    private static double trainingStep(SequenceClassifier model, TokenBatch batch, int[] labels) {
        try (NDScope ignored = new NDScope(); GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray logits = model.logits(batch, true);
            NDArray loss = crossEntropy(logits, labels, model);
            collector.backward(loss);
            return loss.getFloat();
        }
    }

    private static NDArray crossEntropy(NDArray logits, int[] labels, SequenceClassifier model) {
        int classes = (int) logits.getShape().get(1);
        NDArray oneHot = model.manager().create(labels).oneHot(classes, DataType.FLOAT32);
        return logits.logSoftmax(1).mul(oneHot).sum().div(-labels.length);
    }

    private record Evaluated(Metrics metrics, double loss) {
    }

    /** Validation through the DJL model (no export needed): batches sorted by length, dropout off. */
    private static Evaluated evaluate(SequenceClassifier model, TokenizedSet data, List<String> labels) {
        int[] lengths = data.lengths();
        int[] order = IntStream.range(0, data.size()).boxed().sorted(Comparator.comparingInt(i -> lengths[i]))
                .mapToInt(Integer::intValue).toArray();
        int[] predicted = new int[data.size()];
        int[] gold = new int[data.size()];
        double lossSum = 0;
        for (int start = 0; start < order.length; start += EVALUATION_BATCH) {
            int[] indices = java.util.Arrays.copyOfRange(order, start, Math.min(order.length, start + EVALUATION_BATCH));
            int[] batchLabels = data.labels(indices);
            try (NDScope ignored = new NDScope()) {
                NDArray logits = model.logits(data.batch(indices), false);
                lossSum += crossEntropy(logits, batchLabels, model).getFloat() * indices.length;
                long[] argmax = logits.argMax(1).toLongArray();
                for (int k = 0; k < indices.length; k++) {
                    predicted[indices[k]] = (int) argmax[k];
                    gold[indices[k]] = batchLabels[k];
                }
            }
        }
        return new Evaluated(Metrics.of(labels, gold, predicted), lossSum / data.size());
    }

    private ObjectNode details(Recipe recipe, PretrainedEncoder pretrained, TrainingData data, RunState run) {
        ObjectNode details = JSON.createObjectNode();
        details.put("trainingMode", "finetune");
        details.putObject("baseModel").put("name", pretrained.name())
                .put("architecture", pretrained.config().architecture().modelType())
                .put("layers", pretrained.config().layers()).put("hiddenSize", pretrained.config().hiddenSize());
        details.put("pooling", recipe.pooling());
        details.putObject("data").put("train", recipe.data().train().getFileName().toString())
                .put("trainSha256", data.trainSha256()).put("trainExamples", data.train().size())
                .put("validation", recipe.data().validation().getFileName().toString())
                .put("validationSha256", data.validationSha256());
        FineTuneSpec spec = recipe.finetune();
        ObjectNode training = details.putObject("training");
        training.put("epochs", spec.epochs()).put("batchSize", spec.batchSize()).put("learningRate", spec.learningRate())
                .put("weightDecay", spec.weightDecay()).put("warmupRatio", spec.warmupRatio()).put("maxGradNorm", spec.maxGradNorm())
                .put("dropout", spec.dropout()).put("seed", spec.seed()).put("groupByLength", spec.groupByLength())
                .put("steps", run.step).put("bestEpoch", run.bestEpoch).put("bestValidationMacroF1", run.bestMacroF1);
        training.putArray("skippedUpdates").addAll(skippedSteps.stream().map(JSON.getNodeFactory()::textNode).toList());
        ArrayNode history = training.putArray("history");
        run.history.forEach(history::add);
        details.put("trainedAt", Instant.now().toString());
        return details;
    }

    private Path save(Path dir, RunState run, int epoch, int batchInEpoch, SequenceClassifier model, AdamW optimizer,
                      Recipe recipe, PretrainedEncoder pretrained, List<String> labels) throws IOException {
        long start = System.nanoTime();
        ObjectNode state = JSON.createObjectNode();
        state.put("epoch", epoch);
        state.put("batchInEpoch", batchInEpoch);
        state.put("bestEpoch", run.bestEpoch);
        state.put("bestMacroF1", run.bestMacroF1);
        state.put("recipe", recipe.name());
        state.set("encoder", pretrained.config().toJson());
        ArrayNode labelArray = state.putArray("labels");
        labels.forEach(labelArray::add);
        state.put("pooling", recipe.pooling());
        ArrayNode history = state.putArray("history");
        run.history.forEach(history::add);
        Map<String, Tensor> tensors = new LinkedHashMap<>(model.stateDict());
        tensors.putAll(optimizer.state());
        Path saved = Checkpoint.save(dir, run.step, state, tensors);
        log.printf(Locale.ROOT, "checkpoint %s (%.1fs)%n", saved.getFileName(), Duration.ofNanos(System.nanoTime() - start).toMillis() / 1000.0);
        return saved;
    }

    /** Where the run stands; restored from a checkpoint on resume. */
    private static final class RunState {
        long step;
        int epoch;
        int batchInEpoch;
        int bestEpoch;
        double bestMacroF1 = -1;
        long epochTrainingNanos;
        long epochSamples;
        final List<ObjectNode> history = new ArrayList<>();

        void restore(Checkpoint.Saved saved) {
            step = saved.step();
            epoch = saved.epoch();
            batchInEpoch = saved.batchInEpoch();
            bestEpoch = saved.state().path("bestEpoch").asInt();
            bestMacroF1 = saved.state().path("bestMacroF1").asDouble(-1);
            saved.state().path("history").forEach(h -> history.add((ObjectNode) h));
        }
    }
}
