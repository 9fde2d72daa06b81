package dev.triage.trainer.finetune;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Per-step metrics as JSON Lines ({@code metrics.jsonl}): one object per training step (step,
 * epoch, loss, learning rate, gradient norm, samples per second, whether its update was skipped
 * and how many were so far) and one per evaluation (with the process's resident memory). Appended
 * and flushed line by line, so a killed run keeps what it logged and a resumed one continues it.
 */
public final class TrainingLog implements AutoCloseable {

    public static final String FILE = "metrics.jsonl";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final BufferedWriter writer;

    public TrainingLog(Path dir) throws IOException {
        Files.createDirectories(dir);
        this.writer = Files.newBufferedWriter(dir.resolve(FILE), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
    }

    /** A step's line; {@code skippedUpdates} counts the skipped updates so far, this one included. */
    void step(long step, int epoch, StepResult result, int samples, int skippedUpdates) throws IOException {
        ObjectNode line = JSON.createObjectNode();
        line.put("type", "step");
        line.put("step", step);
        line.put("epoch", epoch);
        line.put("loss", result.loss());
        line.put("learningRate", result.rate());
        line.put("gradNorm", result.gradNorm());
        line.put("samplesPerSecond", samples / (result.nanos() / 1e9));
        line.put("sequenceLength", result.sequenceLength());
        line.put("skipped", result.skipped());
        line.put("skippedUpdates", skippedUpdates);
        write(line);
    }

    /** An evaluation's line, at the end of the 0-based {@code epoch}. */
    void evaluation(int epoch, EpochSummary summary, int skippedUpdates) throws IOException {
        ObjectNode line = JSON.createObjectNode();
        line.put("type", "evaluation");
        line.put("step", summary.step());
        line.put("epoch", epoch);
        line.put("validationLoss", summary.validationLoss());
        line.put("validationAccuracy", summary.validationAccuracy());
        line.put("validationMacroF1", summary.validationMacroF1());
        line.put("epochSamplesPerSecond", summary.trainingSamplesPerSecond());
        line.put("skippedUpdates", skippedUpdates);
        if (summary.residentMemoryMiB() != null) {
            line.put("residentMemoryMiB", summary.residentMemoryMiB());
            line.put("peakResidentMemoryMiB", summary.peakResidentMemoryMiB());
        }
        write(line);
    }

    private void write(ObjectNode line) throws IOException {
        writer.write(JSON.writeValueAsString(line));
        writer.newLine();
        writer.flush();
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
