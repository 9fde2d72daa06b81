package dev.triage.core.bundle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A model bundle directory, loaded and checked: the files of the contract exist, config.json names
 * its labels properly, and every file listed in triage.json has the sha256 it should. What can only
 * be checked against the ONNX graph itself (its inputs, the width of its logits) is checked when a
 * session opens it ({@link dev.triage.core.logits.LogitsSession}).
 *
 * <p>A Hugging Face Optimum {@code text-classification} export (model.onnx, config.json,
 * tokenizer.json, no triage.json) loads unchanged.
 */
public final class ModelBundle {

    /** Used when neither triage.json, tokenizer.json nor config.json bounds the sequence length. */
    public static final int FALLBACK_MAX_SEQUENCE_LENGTH = 512;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path directory;
    private final ModelConfig config;
    private final BundleManifest manifest;
    private final int maxSequenceLength;

    private ModelBundle(Path directory, ModelConfig config, BundleManifest manifest, int maxSequenceLength) {
        this.directory = directory;
        this.config = config;
        this.manifest = manifest;
        this.maxSequenceLength = maxSequenceLength;
    }

    /** Loads a bundle directory, verifying checksums listed in triage.json. */
    public static ModelBundle load(Path directory) {
        return load(directory, true);
    }

    /**
     * Loads a folder whose files need no hashing here: {@link BundleCache} verified them as it copied
     * them (nothing is hashed twice), or they are part of the deployed application.
     */
    static ModelBundle loadVerified(Path directory) {
        return load(directory, false);
    }

    private static ModelBundle load(Path directory, boolean verifyChecksums) {
        Path dir = requireFiles(directory);
        ModelConfig config = ModelConfig.parse(dir, readJson(dir, BundleFiles.CONFIG));
        BundleManifest manifest = null;
        if (Files.exists(dir.resolve(BundleFiles.MANIFEST))) {
            manifest = BundleManifest.parse(dir, readJson(dir, BundleFiles.MANIFEST));
            manifest.checkListsRequiredFiles(dir.toString());
            if (verifyChecksums) {
                verifyChecksums(dir, manifest);
            }
        }
        return create(dir, config, manifest);
    }

    /**
     * A bundle being written: its model, config and tokenizer are in place, its triage.json is not
     * yet, and {@code manifest} (computed from those very files) is what it will say. It opens and
     * classifies like a loaded one, so a trainer evaluates it before it writes the manifest once.
     */
    public static ModelBundle staged(Path directory, BundleManifest manifest) {
        Path dir = requireFiles(directory);
        return create(dir, ModelConfig.parse(dir, readJson(dir, BundleFiles.CONFIG)), manifest);
    }

    private static Path requireFiles(Path directory) {
        Path dir = directory.toAbsolutePath().normalize();
        if (!Files.isDirectory(dir)) {
            throw new InvalidBundleException(dir, "(directory)", null, "does not exist or is not a directory");
        }
        for (String file : BundleFiles.REQUIRED) {
            Path path = dir.resolve(file);
            if (!Files.isRegularFile(path)) {
                throw new InvalidBundleException(dir, file, null, "is missing");
            }
            if (sizeOf(dir, file) == 0) {
                throw new InvalidBundleException(dir, file, null, "is empty");
            }
        }
        return dir;
    }

    private static ModelBundle create(Path dir, ModelConfig config, BundleManifest manifest) {
        return new ModelBundle(dir, config, manifest, maxSequenceLength(dir, manifest, config));
    }

    private static void verifyChecksums(Path dir, BundleManifest manifest) {
        for (String file : manifest.sha256ByFile().keySet()) {
            if (!Files.isRegularFile(dir.resolve(file))) {
                throw new InvalidBundleException(dir, file, null, "is listed in triage.json but missing");
            }
            try {
                manifest.checkDigest(dir.toString(), file, Sha256.of(dir.resolve(file)));
            } catch (IOException e) {
                throw new InvalidBundleException(dir, file, null, "cannot be read: " + e.getMessage(), e);
            }
        }
    }

    /**
     * The longest token sequence the bundle was trained for: triage.json says it; an Optimum export
     * carries it as the tokenizer's truncation; else the encoder's position limit.
     */
    private static int maxSequenceLength(Path dir, BundleManifest manifest, ModelConfig config) {
        if (manifest != null && manifest.maxSequenceLength() != null) {
            return manifest.maxSequenceLength(); // tokenizer.json (about 700 KB) is then left to the tokenizer to read
        }
        JsonNode truncation = readJson(dir, BundleFiles.TOKENIZER).path("truncation").path("max_length");
        if (truncation.canConvertToInt() && truncation.asInt() > 1) {
            return truncation.asInt();
        }
        if (config.maxPositionEmbeddings() != null) {
            return config.maxPositionEmbeddings();
        }
        return FALLBACK_MAX_SEQUENCE_LENGTH;
    }

    private static long sizeOf(Path dir, String file) {
        try {
            return Files.size(dir.resolve(file));
        } catch (IOException e) {
            throw new InvalidBundleException(dir, file, null, "cannot be read: " + e.getMessage(), e);
        }
    }

    private static JsonNode readJson(Path dir, String file) {
        try {
            return JSON.readTree(dir.resolve(file).toFile());
        } catch (JsonProcessingException e) {
            throw notJson(dir.toString(), file, e);
        } catch (IOException e) {
            throw new InvalidBundleException(dir, file, null, "cannot be read: " + e.getMessage(), e);
        }
    }

    /** A bundle file's JSON, read from bytes; broken JSON is named with its position. */
    static JsonNode parseJson(String bundle, String file, byte[] bytes) {
        try {
            return JSON.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw notJson(bundle, file, e);
        } catch (IOException e) {
            throw new InvalidBundleException(bundle, file, null, "cannot be read: " + e.getMessage(), e);
        }
    }

    private static InvalidBundleException notJson(String bundle, String file, JsonProcessingException e) {
        return new InvalidBundleException(bundle, file, null, "is not valid JSON: " + e.getOriginalMessage()
                + " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")", e);
    }

    public Path directory() {
        return directory;
    }

    public Path modelFile() {
        return directory.resolve(BundleFiles.MODEL);
    }

    public Path tokenizerFile() {
        return directory.resolve(BundleFiles.TOKENIZER);
    }

    public ModelConfig config() {
        return config;
    }

    public Optional<BundleManifest> manifest() {
        return Optional.ofNullable(manifest);
    }

    public List<String> labels() {
        return config.labels();
    }

    public int maxSequenceLength() {
        return maxSequenceLength;
    }

    /** The model's name: triage.json's, else the directory's. */
    public String name() {
        return manifest != null ? manifest.name() : String.valueOf(directory.getFileName());
    }

    /** The model's version: triage.json's, else "0" for a bundle that states none. */
    public String version() {
        return manifest != null ? manifest.version() : "0";
    }

    /** name@version, as responses name the model that answered. */
    public String id() {
        return name() + "@" + version();
    }
}
