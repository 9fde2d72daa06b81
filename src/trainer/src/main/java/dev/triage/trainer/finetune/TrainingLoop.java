package dev.triage.trainer.finetune;

import dev.triage.trainer.progress.ProgressBar;
import dev.triage.trainer.recipe.Recipe.FineTuneSpec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The epoch loop: the batches of each epoch, one {@link OptimizationStep} each, a checkpoint every
 * {@code checkpointEvery} steps and at each epoch's end, and a validation pass per epoch that keeps
 * the best epoch's weights. Every step is logged to metrics.jsonl and the progress line, a skipped
 * update included; more than {@value #MAX_SKIPPED_IN_A_ROW} skipped in a row stop the run.
 */
final class TrainingLoop {

    /** Skipped updates in a row that are still tolerated: a rare bad batch is, a run that no longer learns is not. */
    static final int MAX_SKIPPED_IN_A_ROW = 3;

    /** Where the loop ended: after the last epoch, or at the step a stop was asked for. */
    record End(RunState state, boolean finished) {
    }

    private final FineTuneSetup setup;
    private final SequenceClassifier model;
    private final AdamW optimizer;
    private final OptimizationStep step;
    private final Checkpointer checkpointer;
    private final TrainingLog trainingLog;
    private final PrintStream log;

    TrainingLoop(FineTuneSetup setup, SequenceClassifier model, AdamW optimizer, OptimizationStep step, Checkpointer checkpointer,
                 TrainingLog trainingLog, PrintStream log) {
        this.setup = setup;
        this.model = model;
        this.optimizer = optimizer;
        this.step = step;
        this.checkpointer = checkpointer;
        this.trainingLog = trainingLog;
        this.log = log;
    }

    /**
     * Trains from {@code state} to the last epoch's end.
     *
     * @param stopAfterSteps stop (as a kill would) after this many steps of this call, mid-epoch; 0: never
     */
    End run(RunState state, long stopAfterSteps) throws IOException {
        FineTuneSpec spec = setup.spec();
        TokenizedSet train = setup.train();
        long totalSteps = (long) setup.stepsPerEpoch() * spec.epochs();
        long stepsThisCall = 0;
        for (int epoch = state.epoch(); epoch < spec.epochs(); epoch++) {
            List<int[]> batches = LengthGroupedBatches.of(train.lengths(), spec.batchSize(), spec.groupByLength(), spec.seed(), epoch);
            ProgressBar progress = new ProgressBar(String.format(Locale.ROOT, "epoch %d/%d", epoch + 1, spec.epochs()),
                    train.size(), "samples", log);
            int first = epoch == state.epoch() ? state.batchInEpoch() : 0;
            for (int b = 0; b < first; b++) {
                progress.advance(batches.get(b).length, "resumed");
            }
            long epochNanos = 0;
            long epochSamples = 0;
            for (int b = first; b < batches.size(); b++) {
                int[] indices = batches.get(b);
                StepResult result = step.run(train, indices, state.step());
                state = state.stepped(epoch, b + 1);
                stepsThisCall++;
                epochNanos += result.nanos();
                epochSamples += indices.length;
                if (result.skipped()) {
                    state = skip(state, result);
                }
                trainingLog.step(state.step(), epoch, result, indices.length, state.skippedUpdates().size());
                progress.advance(indices.length, String.format(Locale.ROOT, "step %d/%d loss %.4f lr %.2e skipped %d",
                        state.step(), totalSteps, result.loss(), result.rate(), state.skippedUpdates().size()));
                if (state.skippedInARow() > MAX_SKIPPED_IN_A_ROW) {
                    throw stop(state);
                }
                boolean epochEnds = b == batches.size() - 1;
                if (!epochEnds && spec.checkpointEvery() > 0 && state.step() % spec.checkpointEvery() == 0) {
                    checkpointer.save(state, model, optimizer);
                }
                if (stopAfterSteps > 0 && stepsThisCall >= stopAfterSteps && !epochEnds) {
                    log.println("stopped after " + stepsThisCall + " steps, as asked; resume with --resume");
                    return new End(state, false);
                }
            }
            state = endEpoch(state, epoch, epochNanos, epochSamples);
        }
        return new End(state, true);
    }

    /** Records a skipped update. */
    private RunState skip(RunState state, StepResult result) {
        List<String> nonFinite = result.nonFiniteParameters();
        SkippedUpdate skipped = new SkippedUpdate(state.step(), result.loss(), nonFinite.isEmpty() ? null : nonFinite.get(0),
                nonFinite.size());
        log.println("skipped the update of " + skipped);
        return state.skipped(skipped);
    }

    /** The error that ends a run whose last updates were all skipped. */
    private NonFiniteGradientsException stop(RunState state) {
        SkippedUpdate last = state.skippedUpdates().get(state.skippedUpdates().size() - 1);
        return new NonFiniteGradientsException(String.format(Locale.ROOT,
                "fine-tuning stopped at step %d: the last %d updates were all skipped for non-finite gradients (%s); "
                        + "the run no longer learns. %s",
                last.step(), state.skippedInARow(), last, checkpointer.latest()
                        .map(folder -> "The last good checkpoint is " + folder + ": resume from it with --resume (a lower "
                                + "learning rate or more warm-up may avoid the overflow).")
                        .orElse("No checkpoint was written yet.")));
    }

    private RunState endEpoch(RunState state, int epoch, long epochNanos, long epochSamples) throws IOException {
        double seconds = epochNanos / 1e9;
        double throughput = epochSamples / seconds;
        EngineValidation.Result validation = EngineValidation.run(model, setup.validation(), setup.labels());
        Optional<ResidentMemory> memory = ResidentMemory.now();
        EpochSummary summary = new EpochSummary(epoch + 1, state.step(), validation.loss(), validation.metrics().accuracy(),
                validation.metrics().macroF1(), throughput, seconds, memory.map(ResidentMemory::currentMiB).orElse(null),
                memory.map(ResidentMemory::peakMiB).orElse(null));
        trainingLog.evaluation(epoch, summary, state.skippedUpdates().size());
        log.printf(Locale.ROOT, "epoch %d: %.1f samples/s over %.0f s of training; validation loss %.4f accuracy %.4f macro-F1 %.4f; "
                        + "%d updates skipped%s%n", epoch + 1, throughput, seconds, summary.validationLoss(),
                summary.validationAccuracy(), summary.validationMacroF1(), state.skippedUpdates().size(),
                memory.map(m -> String.format(Locale.ROOT, "; resident memory %d MiB, peak %d MiB", m.currentMiB(), m.peakMiB()))
                        .orElse(""));
        RunState ended = state.epochEnded(summary);
        if (ended.lastEpochIsBest()) {
            checkpointer.saveBest(model, ended.bestEpoch(), ended.bestMacroF1());
        }
        checkpointer.save(ended, model, optimizer);
        return ended;
    }
}
