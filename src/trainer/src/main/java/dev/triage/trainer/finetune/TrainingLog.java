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
 * epoch, loss, learning rate, gradient norm, samples per second) and one per evaluation. Appended
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

    public void step(long step, int epoch, double loss, double learningRate, double gradNorm, double samplesPerSecond,
                     int sequenceLength) throws IOException {
        ObjectNode line = JSON.createObjectNode();
        line.put("type", "step");
        line.put("step", step);
        line.put("epoch", epoch);
        line.put("loss", loss);
        line.put("learningRate", learningRate);
        line.put("gradNorm", gradNorm);
        line.put("samplesPerSecond", samplesPerSecond);
        line.put("sequenceLength", sequenceLength);
        write(line);
    }

    public void evaluation(long step, int epoch, double loss, double accuracy, double macroF1, double epochSamplesPerSecond)
            throws IOException {
        ObjectNode line = JSON.createObjectNode();
        line.put("type", "evaluation");
        line.put("step", step);
        line.put("epoch", epoch);
        line.put("validationLoss", loss);
        line.put("validationAccuracy", accuracy);
        line.put("validationMacroF1", macroF1);
        line.put("epochSamplesPerSecond", epochSamplesPerSecond);
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
