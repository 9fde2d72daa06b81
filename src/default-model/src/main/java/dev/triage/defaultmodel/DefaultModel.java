package dev.triage.defaultmodel;

import dev.triage.core.files.Folders;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.triage.core.bundle.BundleFiles;
import dev.triage.core.bundle.ModelBundle;
import dev.triage.core.bundle.Sha256;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.UUID;

/**
 * The models Triage answers with when none is configured, built into this jar: the fine-tuned MiniLM
 * emotion model in int8 (emotion-minilm-finetuned-int8) for {@code classify} ({@link #load()}) and
 * spam-minilm-features for {@code classifyEmail}
 * ({@link #loadSpam()}). ONNX Runtime and the tokenizer read files, so the bundle is copied out once to a folder named
 * after its triage.json digest (a new model gets a new folder), then loaded and checked like any
 * other bundle.
 *
 * <p>The folder is {@code $TRIAGE_DEFAULT_MODEL_DIR} when set, else under {@code java.io.tmpdir}
 * (on Lambda: /tmp, the only writable place).
 */
public final class DefaultModel {

    static final String RESOURCES = "dev/triage/defaultmodel/bundle/";
    static final String SPAM_RESOURCES = "dev/triage/defaultmodel/spam/";

    private DefaultModel() {
    }

    public static ModelBundle load() {
        return ModelBundle.load(directory());
    }

    /** The built-in e-mail model, spam-minilm-features (labels ham, spam). */
    public static ModelBundle loadSpam() {
        return ModelBundle.load(spamDirectory());
    }

    /** The default bundle's folder on disk, extracted on first use. */
    public static Path directory() {
        return extracted(RESOURCES);
    }

    /** The built-in spam bundle's folder on disk, extracted on first use. */
    public static Path spamDirectory() {
        return extracted(SPAM_RESOURCES);
    }

    private static synchronized Path extracted(String resources) {
        try {
            byte[] manifest = resource(resources, BundleFiles.MANIFEST);
            Path target = baseDirectory().resolve("triage-default-model-" + Sha256.of(manifest).substring(0, 16));
            if (Files.isRegularFile(target.resolve(BundleFiles.MANIFEST))) {
                return target; // the manifest is copied last: its presence means the copy completed
            }
            Files.createDirectories(target.getParent());
            Path staging = target.resolveSibling(target.getFileName() + ".tmp-" + UUID.randomUUID());
            Files.createDirectories(staging);
            try {
                for (String file : filesOf(manifest)) {
                    copy(resources, file, staging.resolve(file));
                }
                Files.write(staging.resolve(BundleFiles.MANIFEST), manifest);
                try {
                    Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
                } catch (java.nio.file.FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
                    // another process extracted it meanwhile; theirs is as good as ours
                }
            } finally {
                Folders.deleteRecursively(staging);
            }
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot extract the default model: " + e.getMessage(), e);
        }
    }

    private static Path baseDirectory() {
        String configured = System.getenv("TRIAGE_DEFAULT_MODEL_DIR");
        return configured != null && !configured.isBlank() ? Path.of(configured) : Path.of(System.getProperty("java.io.tmpdir"));
    }

    private static List<String> filesOf(byte[] manifest) throws IOException {
        JsonNode files = new ObjectMapper().readTree(manifest).path("files");
        List<String> names = new ArrayList<>();
        Iterator<String> iterator = files.fieldNames();
        iterator.forEachRemaining(names::add);
        if (names.isEmpty()) {
            throw new IOException("the default model's triage.json lists no files");
        }
        return names;
    }

    private static byte[] resource(String resources, String file) throws IOException {
        try (InputStream in = open(resources, file)) {
            return in.readAllBytes();
        }
    }

    private static void copy(String resources, String file, Path target) throws IOException {
        try (InputStream in = open(resources, file)) {
            Files.copy(in, target);
        }
    }

    private static InputStream open(String resources, String file) throws IOException {
        InputStream in = DefaultModel.class.getClassLoader().getResourceAsStream(resources + file);
        if (in == null) {
            throw new IOException("resource " + resources + file + " is missing: the triage-default-model jar was built without its bundle");
        }
        return in;
    }
}
