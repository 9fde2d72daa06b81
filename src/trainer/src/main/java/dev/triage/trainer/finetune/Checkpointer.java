package dev.triage.trainer.finetune;

import dev.triage.export.transformer.Tensor;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Checkpointing of one run: each checkpoint (weights, AdamW moments and the {@link RunState}) is
 * written to the training folder and announced to the listener (which uploads it, say); the best
 * epoch's weights are kept beside them for the export. Only finite weights are ever written, so
 * every checkpoint a run leaves is one it can resume from.
 */
final class Checkpointer {

    private final Path dir;
    private final FineTuneTrainer.CheckpointListener listener;
    private final PrintStream log;
    private Path latest;

    Checkpointer(Path dir, FineTuneTrainer.CheckpointListener listener, PrintStream log, Optional<Path> resumedFrom) {
        this.dir = dir;
        this.listener = listener;
        this.log = log;
        this.latest = resumedFrom.orElse(null);
    }

    /** Writes a checkpoint of the model and optimizer as {@code state} describes them. */
    void save(RunState state, SequenceClassifier model, AdamW optimizer) throws IOException {
        long start = System.nanoTime();
        Map<String, Tensor> tensors = new LinkedHashMap<>(requireFinite(model.stateDict(), state.step()));
        tensors.putAll(optimizer.state());
        latest = Checkpoint.save(dir, state, tensors);
        log.printf(Locale.ROOT, "checkpoint %s (%.1fs)%n", latest.getFileName(), (System.nanoTime() - start) / 1e9);
        listener.saved(latest);
    }

    void saveBest(SequenceClassifier model, int epoch, double macroF1) throws IOException {
        Checkpoint.saveBest(dir, requireFinite(model.stateDict(), -1), epoch, macroF1);
    }

    Map<String, Tensor> loadBest() throws IOException {
        return Checkpoint.loadBest(dir);
    }

    /** The newest checkpoint written or resumed from, if any. */
    Optional<Path> latest() {
        return Optional.ofNullable(latest);
    }

    private static Map<String, Tensor> requireFinite(Map<String, Tensor> weights, long step) {
        weights.forEach((name, tensor) -> {
            for (float value : tensor.data()) {
                if (!Float.isFinite(value)) {
                    throw new IllegalStateException("weight " + name + " holds " + value + (step >= 0 ? " at step " + step : "")
                            + ": a non-finite weight is never checkpointed");
                }
            }
        });
        return weights;
    }
}
