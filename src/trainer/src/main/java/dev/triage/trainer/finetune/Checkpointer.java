package dev.triage.trainer.finetune;

import ai.djl.ndarray.NDArray;
import dev.triage.export.transformer.Tensor;
import dev.triage.trainer.encoder.Safetensors;
import java.nio.FloatBuffer;
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
        Map<String, NDArray> arrays = new LinkedHashMap<>(requireFinite(model.parameters(), state.step()));
        arrays.putAll(optimizer.moments());
        latest = Checkpoint.save(dir, state, arrays);
        log.printf(Locale.ROOT, "checkpoint %s (%.1fs)%n", latest.getFileName(), (System.nanoTime() - start) / 1e9);
        listener.saved(latest);
    }

    void saveBest(SequenceClassifier model, int epoch, double macroF1) throws IOException {
        Checkpoint.saveBest(dir, requireFinite(model.parameters(), -1), epoch, macroF1);
    }

    Map<String, Tensor> loadBest() throws IOException {
        return Checkpoint.loadBest(dir);
    }

    /** The newest checkpoint written or resumed from, if any. */
    Optional<Path> latest() {
        return Optional.ofNullable(latest);
    }

    /** Scans each weight in its native memory, so that the check copies nothing onto the Java heap. */
    private static Map<String, NDArray> requireFinite(Map<String, NDArray> weights, long step) {
        weights.forEach((name, array) -> {
            FloatBuffer values = Safetensors.nativeView(array).asFloatBuffer();
            while (values.hasRemaining()) {
                float value = values.get();
                if (!Float.isFinite(value)) {
                    throw new IllegalStateException("weight " + name + " holds " + value + (step >= 0 ? " at step " + step : "")
                            + ": a non-finite weight is never checkpointed");
                }
            }
        });
        return weights;
    }
}
