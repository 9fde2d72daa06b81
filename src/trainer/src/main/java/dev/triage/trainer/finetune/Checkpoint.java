package dev.triage.trainer.finetune;

import ai.djl.ndarray.NDArray;
import dev.triage.core.files.Folders;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.core.JsonProcessingException;
import dev.triage.export.transformer.Tensor;
import dev.triage.export.transformer.TransformerConfig;
import dev.triage.trainer.recipe.RecipeException;
import java.util.Locale;
import dev.triage.trainer.encoder.Safetensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A training run's state on disk, enough to continue after a kill (a spot instance taken back) and
 * end with the weights an uninterrupted run ends with: every weight and AdamW moment
 * ({@code weights.safetensors}), and where the run stood ({@code state.json}, a {@link RunState}). Each checkpoint is written to a
 * temporary folder and renamed into place, so a kill mid-write leaves the previous one intact.
 */
public final class Checkpoint {

    static final String WEIGHTS = "weights.safetensors";
    static final String STATE = "state.json";
    /** The best epoch's weights, kept beside the checkpoints. */
    static final String BEST = "best.safetensors";
    private static final int KEEP = 2;
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * @param state   where the run stood, and the model's identity
     * @param tensors every weight and AdamW moment
     */
    public record Saved(Path folder, RunState state, Map<String, Tensor> tensors) {

        public long step() {
            return state.step();
        }
    }

    private Checkpoint() {
    }

    /** @param arrays every weight and AdamW moment, written from their native memory */
    public static Path save(Path dir, RunState state, Map<String, NDArray> arrays) throws IOException {
        Files.createDirectories(dir);
        Path target = dir.resolve(String.format("step-%08d", state.step()));
        Path staging = dir.resolve(target.getFileName() + ".tmp");
        Folders.deleteRecursively(staging);
        Files.createDirectories(staging);
        Safetensors.writeNative(staging.resolve(WEIGHTS), arrays, Map.of("format", RunState.FORMAT));
        JSON.writeValue(staging.resolve(STATE).toFile(), state);
        Folders.deleteRecursively(target);
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        List<Path> all = list(dir);
        for (Path old : all.subList(0, Math.max(0, all.size() - KEEP))) {
            Folders.deleteRecursively(old);
        }
        return target;
    }

    /** The newest complete checkpoint in {@code dir}, if any. */
    public static Optional<Saved> latest(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        List<Path> all = list(dir);
        if (all.isEmpty()) {
            return Optional.empty();
        }
        Path folder = all.get(all.size() - 1);
        JsonNode json = JSON.readTree(folder.resolve(STATE).toFile());
        if (!RunState.FORMAT.equals(json.path("format").asText())) {
            throw new IOException(folder + ": not a Triage checkpoint (format " + json.get("format") + ")");
        }
        RunState state;
        try {
            state = JSON.treeToValue(json, RunState.class);
        } catch (JsonProcessingException e) {
            throw new IOException(folder.resolve(STATE) + ": unreadable: " + e.getOriginalMessage(), e);
        }
        return Optional.of(new Saved(folder, state, Safetensors.read(folder.resolve(WEIGHTS))));
    }

    public static void saveBest(Path dir, Map<String, NDArray> weights, int epoch, double macroF1) throws IOException {
        Files.createDirectories(dir);
        Path partial = dir.resolve(BEST + ".part");
        Safetensors.writeNative(partial, weights, Map.of("epoch", Integer.toString(epoch), "macroF1", Double.toString(macroF1)));
        Files.move(partial, dir.resolve(BEST), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    public static Map<String, Tensor> loadBest(Path dir) throws IOException {
        Path best = dir.resolve(BEST);
        if (!Files.isRegularFile(best)) {
            throw new IOException("no best weights at " + best);
        }
        return Safetensors.read(best);
    }

    /** Only the model's weights of a checkpoint (without optimizer state). */
    public static Map<String, Tensor> modelWeights(Map<String, Tensor> tensors) {
        Map<String, Tensor> model = new LinkedHashMap<>();
        tensors.forEach((name, tensor) -> {
            if (!name.startsWith("optimizer.")) {
                model.put(name, tensor);
            }
        });
        return model;
    }

    /** A checkpoint only resumes the same model: same encoder shape, labels and pooling. */
    public static void checkCompatible(Saved saved, TransformerConfig expected, String baseModel, List<String> labels,
                                       String pooling) {
        TransformerConfig found;
        try {
            found = saved.state().encoderConfig();
        } catch (IllegalArgumentException e) {
            throw new RecipeException("checkpoint " + saved.folder() + " has an unreadable encoder configuration: " + e.getMessage(), e);
        }
        if (!found.equals(expected)) {
            throw new RecipeException("checkpoint " + saved.folder() + " is of another architecture (" + describe(found)
                    + ") than the recipe's base model " + baseModel + " (" + describe(expected) + ")");
        }
        List<String> savedLabels = saved.state().labels();
        if (!savedLabels.equals(labels)) {
            throw new RecipeException("checkpoint " + saved.folder() + " has labels " + savedLabels + ", the data has " + labels);
        }
        if (!pooling.equals(saved.state().pooling())) {
            throw new RecipeException("checkpoint " + saved.folder() + " pools '" + saved.state().pooling()
                    + "', the recipe '" + pooling + "'");
        }
    }

    private static String describe(TransformerConfig config) {
        return String.format(Locale.ROOT, "%s, %d layers, %d wide, %d heads", config.architecture().modelType(), config.layers(),
                config.hiddenSize(), config.heads());
    }

    private static List<Path> list(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> p.getFileName().toString().matches("step-\\d{8}"))
                    .filter(p -> Files.isRegularFile(p.resolve(STATE)))
                    .sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
        }
    }
}
