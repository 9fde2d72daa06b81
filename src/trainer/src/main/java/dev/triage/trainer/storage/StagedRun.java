package dev.triage.trainer.storage;

import dev.triage.s3.S3Location;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.core.bundle.BundleFiles;
import dev.triage.trainer.recipe.RecipeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Lets a training run read its recipe and data from S3 and write its bundle and checkpoints there
 * (the GPU container's way of working), while the trainer itself only sees local files: inputs are
 * downloaded into a staging folder first, outputs are written there and uploaded afterwards, and a
 * fine-tuning run's checkpoints are uploaded as they are made, so a spot instance taken back loses
 * at most the steps since the last one. Local paths pass through untouched.
 */
public final class StagedRun implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** The recipe's input files, as {object, field}: each may be an S3 address, or relative to an S3 recipe. */
    private static final List<String[]> INPUTS = List.of(new String[] {"data", "train"}, new String[] {"data", "validation"},
            new String[] {"data", "test"}, new String[] {"distillation", "softTargets"});

    private final Path staging;
    private S3Storage s3;

    public StagedRun(Path staging) {
        this.staging = staging;
    }

    private S3Storage s3() {
        if (s3 == null) {
            s3 = S3Storage.fromEnvironment();
        }
        return s3;
    }

    /**
     * A local recipe file to read: an S3 recipe is downloaded; input files (data, soft targets) that
     * are S3 addresses (or, in an S3 recipe, relative to it) are downloaded and the recipe rewritten to
     * point at the copies.
     */
    public Path recipe(String recipe) throws IOException {
        boolean remote = S3Location.isS3(recipe);
        Path local = remote ? staging.resolve("recipe").resolve(S3Location.parse(recipe).fileName()) : Path.of(recipe);
        if (remote) {
            s3().download(S3Location.parse(recipe), local);
        }
        JsonNode root;
        try {
            root = JSON.readTree(local.toFile());
        } catch (IOException e) {
            return local; // Recipe.read reports unreadable or broken recipes with their position
        }
        boolean rewritten = false;
        for (String[] input : INPUTS) {
            JsonNode parent = root.path(input[0]);
            JsonNode value = parent.get(input[1]);
            if (!parent.isObject() || value == null || !value.isTextual()) {
                continue;
            }
            String text = value.asText();
            S3Location source = S3Location.isS3(text) ? S3Location.parse(text)
                    : remote ? S3Location.parse(recipe).resolve(text) : null;
            if (source != null) {
                Path copy = staging.resolve(input[0]).resolve(input[1]).resolve(source.fileName());
                s3().download(source, copy);
                ((ObjectNode) parent).put(input[1], copy.toAbsolutePath().toString());
                rewritten = true;
            }
        }
        if (!rewritten) {
            return local;
        }
        if (!remote) {
            // relative paths of the original recipe keep meaning what they meant next to it
            for (String[] input : INPUTS) {
                JsonNode parent = root.path(input[0]);
                JsonNode value = parent.get(input[1]);
                if (parent.isObject() && value != null && value.isTextual() && !Path.of(value.asText()).isAbsolute()) {
                    ((ObjectNode) parent).put(input[1],
                            local.toAbsolutePath().getParent().resolve(value.asText()).normalize().toString());
                }
            }
        }
        Path rewrittenRecipe = staging.resolve("recipe").resolve("staged-" + local.getFileName());
        Files.createDirectories(rewrittenRecipe.getParent());
        JSON.writerWithDefaultPrettyPrinter().writeValue(rewrittenRecipe.toFile(), root);
        return rewrittenRecipe;
    }

    /** A local data file: an S3 address is downloaded first. */
    public Path data(String location, String role) throws IOException {
        if (location == null) {
            return null;
        }
        if (!S3Location.isS3(location)) {
            return Path.of(location);
        }
        S3Location source = S3Location.parse(location);
        Path copy = staging.resolve("data").resolve(role).resolve(source.fileName());
        s3().download(source, copy);
        return copy;
    }

    /** Where to write a bundle locally: the folder itself, or a staging folder for an S3 prefix. */
    public Path output(String location) {
        return output(location, "bundle");
    }

    /** As {@link #output(String)}, with the staging folder's name, for a run that writes more than one bundle. */
    public Path output(String location, String stagingFolder) {
        return S3Location.isS3(location) ? staging.resolve(stagingFolder) : Path.of(location);
    }

    /** Uploads a staged bundle (with its report) to its S3 prefix, triage.json last. */
    public void publish(Path localBundle, String location) throws IOException {
        if (!S3Location.isS3(location)) {
            return;
        }
        checkOutputFree(location); // again: another run may have published this version meanwhile
        s3().uploadFolder(localBundle, S3Location.parse(location).asPrefix(), BundleFiles.MANIFEST);
    }

    /** Refuses, before training, to write over a published bundle. */
    public void checkOutputFree(String location) throws IOException {
        if (S3Location.isS3(location) && s3().exists(S3Location.parse(location).asPrefix().resolve(BundleFiles.MANIFEST))) {
            throw new RecipeException(S3Location.parse(location).asPrefix() + " already holds a bundle (" + BundleFiles.MANIFEST
                    + "); versions are immutable: choose another --model-version or prefix");
        }
    }

    /** Local training folder for a fine-tuning run whose checkpoints may live in S3. */
    public Path trainingDir(String location) {
        return S3Location.isS3(location) ? staging.resolve("training") : Path.of(location);
    }

    /**
     * Before resuming: copies the newest checkpoint (and the best weights and the metrics log) from
     * an S3 training prefix into the local training folder.
     */
    public void fetchCheckpoints(String location, Path localTrainingDir) throws IOException {
        if (!S3Location.isS3(location)) {
            return;
        }
        S3Location prefix = S3Location.parse(location).asPrefix();
        List<String> steps = s3().subfolders(prefix).stream().filter(n -> n.matches("step-\\d{8}")).sorted().toList();
        if (steps.isEmpty()) {
            return; // the trainer then says there is nothing to resume
        }
        String newest = steps.get(steps.size() - 1);
        s3().downloadPrefix(prefix.resolve(newest + "/"), localTrainingDir.resolve(newest));
        for (String file : List.of("best.safetensors", "metrics.jsonl")) {
            if (s3().exists(prefix.resolve(file))) {
                s3().download(prefix.resolve(file), localTrainingDir.resolve(file));
            }
        }
    }

    /** After a checkpoint is saved: uploads it, the best weights and the log; drops remote checkpoints no longer kept locally. */
    public void pushCheckpoint(String location, Path localTrainingDir, Path checkpoint) throws IOException {
        if (!S3Location.isS3(location)) {
            return;
        }
        S3Location prefix = S3Location.parse(location).asPrefix();
        s3().uploadFolder(checkpoint, prefix.resolve(checkpoint.getFileName() + "/"), "state.json");
        for (String file : List.of("best.safetensors", "metrics.jsonl")) {
            Path local = localTrainingDir.resolve(file);
            if (Files.isRegularFile(local)) {
                s3().upload(local, prefix.resolve(file));
            }
        }
        for (String remote : s3().subfolders(prefix)) {
            if (remote.matches("step-\\d{8}") && !Files.isDirectory(localTrainingDir.resolve(remote))) {
                s3().deletePrefix(prefix.resolve(remote + "/"));
            }
        }
    }

    @Override
    public void close() {
        if (s3 != null) {
            s3.close();
        }
    }
}
