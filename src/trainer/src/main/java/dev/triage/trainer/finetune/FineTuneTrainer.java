package dev.triage.trainer.finetune;

import ai.djl.ndarray.NDArray;
import dev.triage.core.files.Folders;
import dev.triage.core.logits.InferenceSettings;
import dev.triage.export.transformer.Tensor;
import dev.triage.trainer.encoder.HuggingFaceHub;
import dev.triage.trainer.progress.ProgressBar;
import dev.triage.trainer.recipe.Recipe;
import dev.triage.trainer.recipe.Recipe.FineTuneSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The book's second method: fine-tune every weight of the encoder together with a classification
 * head. Hugging Face Trainer semantics throughout (AdamW without decay on biases and LayerNorm
 * weights, linear warm-up and decay, gradient-norm clipping, dynamic padding, seeded shuffling,
 * evaluation every epoch, the best epoch by macro-F1 kept), plus batches grouped by length,
 * checkpoints a killed run resumes from exactly, and an export whose logits are checked against
 * the DJL model's before the exported bundle is evaluated.
 *
 * <p>The parts: {@link FineTuneSetup} (data, encoder and model, shared with the benchmark),
 * {@link TrainingLoop} (the epochs), {@link OptimizationStep} (one update), {@link Checkpointer}
 * and {@link FineTunedExport}.
 */
public final class FineTuneTrainer {

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
    private final Consumer<Map<String, NDArray>> afterBackward;

    public FineTuneTrainer(Path cacheDir, HuggingFaceHub hub, InferenceSettings settings, PrintStream log) {
        this(cacheDir, hub, settings, log, gradients -> { });
    }

    private FineTuneTrainer(Path cacheDir, HuggingFaceHub hub, InferenceSettings settings, PrintStream log,
                            Consumer<Map<String, NDArray>> afterBackward) {
        this.cacheDir = cacheDir;
        this.hub = hub;
        this.settings = settings;
        this.log = log;
        this.afterBackward = afterBackward;
    }

    /** The same trainer, with {@code hook} seeing the gradients after every backward pass (for tests). */
    FineTuneTrainer afterBackward(Consumer<Map<String, NDArray>> hook) {
        return new FineTuneTrainer(cacheDir, hub, settings, log, hook);
    }

    /**
     * Trains, exports and reports.
     *
     * @throws NonFiniteGradientsException when more than {@value TrainingLoop#MAX_SKIPPED_IN_A_ROW} updates in a
     *                                     row had non-finite gradients; the checkpoints written until then remain
     */
    public FineTuneOutcome train(Recipe recipe, Path out, Options options) throws IOException {
        Optional<Checkpoint.Saved> checkpoint = options.resume() ? Checkpoint.latest(options.trainingDir()) : Optional.empty();
        if (options.resume() && checkpoint.isEmpty()) {
            throw new IOException("--resume: no checkpoint in " + options.trainingDir());
        }
        FineTuneSetup setup = FineTuneSetup.prepare(recipe, cacheDir, hub, checkpoint, true);
        if (!options.resume()) {
            Folders.deleteRecursively(options.trainingDir()); // a fresh run must not mix with an old one's log
        }
        FineTuneSpec spec = setup.spec();
        log.println(setup.describe());
        try (SequenceClassifier model = setup.newModel(log); TrainingLog trainingLog = new TrainingLog(options.trainingDir())) {
            AdamW optimizer = new AdamW(model.manager(), model.parameters(), (float) spec.weightDecay());
            RunState state = RunState.start(recipe.name(), setup.pretrained().config(), setup.labels(), recipe.pooling());
            if (checkpoint.isPresent()) {
                Checkpoint.Saved saved = checkpoint.get();
                model.load(Checkpoint.modelWeights(saved.tensors()));
                optimizer.load(saved.tensors(), saved.step());
                state = saved.state();
                log.printf(Locale.ROOT, "resumed from %s: step %d, epoch %d, batch %d, %d updates skipped so far%n",
                        saved.folder(), saved.step(), state.epoch() + 1, state.batchInEpoch(), state.skippedUpdates().size());
            }
            Checkpointer checkpointer = new Checkpointer(options.trainingDir(), options.onCheckpoint(), log,
                    checkpoint.map(Checkpoint.Saved::folder));
            OptimizationStep step = new OptimizationStep(model, TrainingLoss.of(recipe), optimizer, setup.schedule(spec.epochs()),
                    spec, afterBackward, ActivationBudget.trainingBytes());
            TrainingLoop.End end = new TrainingLoop(setup, model, optimizer, step, checkpointer, trainingLog, log)
                    .run(state, options.stopAfterSteps());
            if (!end.finished()) {
                return new FineTuneOutcome.StoppedEarly(end.state().step(), checkpointer.latest().orElse(null));
            }
            RunState finished = end.state();
            Long peakMiB = ResidentMemory.now().map(ResidentMemory::peakMiB).orElse(null);
            log.printf(Locale.ROOT, "best epoch %d (validation macro-F1 %.4f); %d updates skipped%s%n", finished.bestEpoch(),
                    finished.bestMacroF1(), finished.skippedUpdates().size(),
                    peakMiB == null ? "" : "; peak resident memory " + peakMiB + " MiB");
            Map<String, Tensor> best = checkpointer.loadBest();
            model.load(best);
            TrainingDetails details = TrainingDetails.of(recipe, setup.pretrained(), setup.data().fingerprint(recipe.data()),
                    finished, peakMiB, setup.distillation());
            return new FineTuneOutcome.Exported(new FineTunedExport(settings, log).export(setup, out, options.trainingDir(),
                    model, best, details));
        }
    }

    /**
     * Training throughput, measured as training measures it: the same batches (padding included),
     * forward, backward, clipping and AdamW, but no evaluation, checkpoints or export; with the
     * process's peak resident memory.
     *
     * @param maxSteps   stop after this many steps (0: whole epochs)
     * @param validation then run one validation pass as training does at an epoch's end, and log its time and the
     *                   peak resident memory after it (the report's peak is the steps')
     */
    public ThroughputReport benchmark(Recipe recipe, int epochs, boolean groupByLength, int maxSteps, boolean validation)
            throws IOException {
        FineTuneSetup setup = FineTuneSetup.prepare(recipe, cacheDir, hub, Optional.empty(), validation);
        FineTuneSpec spec = setup.spec();
        long samples = 0;
        long nanos = 0;
        long realTokens = 0;
        long paddedTokens = 0;
        long steps = 0;
        try (SequenceClassifier model = setup.newModel(log)) {
            AdamW optimizer = new AdamW(model.manager(), model.parameters(), (float) spec.weightDecay());
            OptimizationStep step = new OptimizationStep(model, TrainingLoss.of(recipe), optimizer, setup.schedule(epochs), spec,
                    afterBackward, ActivationBudget.trainingBytes());
            epochs:
            for (int epoch = 0; epoch < epochs; epoch++) {
                List<int[]> batches = LengthGroupedBatches.of(setup.train().lengths(), spec.batchSize(), groupByLength, spec.seed(),
                        epoch);
                ProgressBar progress = new ProgressBar(String.format(Locale.ROOT, "%s epoch %d/%d",
                        groupByLength ? "grouped" : "random", epoch + 1, epochs), maxSteps > 0 ? (long) maxSteps * spec.batchSize()
                        : setup.train().size(), "samples", log);
                for (int[] indices : batches) {
                    StepResult result = step.run(setup.train(), indices, steps);
                    steps++;
                    samples += indices.length;
                    nanos += result.nanos();
                    realTokens += result.realTokens();
                    paddedTokens += (long) result.sequenceLength() * indices.length;
                    progress.advance(indices.length, String.format(Locale.ROOT, "loss %.4f", result.loss()));
                    if (maxSteps > 0 && steps >= maxSteps) {
                        break epochs;
                    }
                }
            }
            ThroughputReport report = new ThroughputReport(groupByLength, steps, samples, nanos / 1e9, realTokens, paddedTokens,
                    ResidentMemory.now().map(ResidentMemory::peakMiB).orElse(null));
            if (validation) {
                long start = System.nanoTime();
                EngineValidation.Result result = EngineValidation.run(model, setup.validation(), setup.labels());
                log.printf(Locale.ROOT, "validation pass: %d texts in %.1f s (macro-F1 %.4f); peak resident memory of the process "
                                + "after it %s%n", setup.validation().size(), (System.nanoTime() - start) / 1e9,
                        result.metrics().macroF1(),
                        ResidentMemory.now().map(m -> m.peakMiB() + " MiB").orElse("unknown (no /proc/self/status)"));
            }
            return report;
        }
    }
}
