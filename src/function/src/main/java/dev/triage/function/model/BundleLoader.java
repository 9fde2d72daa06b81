package dev.triage.function.model;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.triage.core.TextClassifier;
import dev.triage.core.bundle.BundleFiles;
import dev.triage.core.bundle.ModelBundle;
import dev.triage.core.bundle.Sha256;
import dev.triage.core.logits.InferenceSettings;
import dev.triage.core.logits.LogitsSession;
import dev.triage.core.logits.OnnxSessions;
import dev.triage.core.tokens.TextTokenizer;
import dev.triage.function.ops.StartupTimeline;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Turns a configured model location into a loaded, checked bundle: unset means a built-in model,
 * {@code s3://bucket/prefix/} is downloaded and verified first, anything else is a local folder.
 * Where the function is pinned to a sha256 of triage.json (what {@code deploy} passes, so a Lambda
 * serves exactly the bundle it was deployed with), a bundle whose triage.json has another digest is
 * refused before it is loaded.
 */
@ApplicationScoped
public class BundleLoader {

    private final Supplier<S3Client> s3;
    private final ObjectMapper json;
    private final StartupTimeline timeline;

    @Inject
    public BundleLoader(Instance<S3Client> s3, ObjectMapper json, StartupTimeline timeline) {
        this(s3::get, json, timeline);
    }

    public BundleLoader(Supplier<S3Client> s3, ObjectMapper json) {
        this(s3, json, new StartupTimeline());
    }

    private BundleLoader(Supplier<S3Client> s3, ObjectMapper json, StartupTimeline timeline) {
        this.s3 = s3;
        this.json = json;
        this.timeline = timeline;
    }

    /**
     * The classifier of a model source, each step timed for the start-up timeline: the native
     * libraries (unpacked and loaded once per process), the bundle's files, their check, the
     * tokenizer and the ONNX Runtime session (graph load and optimisation).
     */
    public TextClassifier open(ModelSource source, InferenceSettings settings) {
        timeline.time("onnxRuntimeNative", OnnxSessions::environment);
        timeline.time("tokenizerNative", TextTokenizer::loadNativeLibrary);
        ModelBundle bundle = load(source);
        TextTokenizer tokenizer = timeline.time("tokenizer", () -> TextTokenizer.open(bundle.tokenizerFile(), bundle.maxSequenceLength()));
        try {
            LogitsSession session = timeline.time("onnxSession", () -> LogitsSession.open(bundle, settings));
            return TextClassifier.of(bundle, tokenizer, session);
        } catch (RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    ModelBundle load(ModelSource source) {
        String where = source.location().map(String::trim).filter(location -> !location.isEmpty()).orElse(null);
        Path folder;
        if (where == null) {
            folder = timeline.time("bundleFiles", source.builtIn());
            where = "the built-in model";
        } else if (S3BundleUri.matches(where)) {
            String s3Location = where;
            folder = timeline.time("bundleFiles", () -> new S3BundleDownloader(s3.get(), S3BundleDownloader.defaultCacheRoot(), json)
                    .download(S3BundleUri.parse(s3Location)));
        } else {
            folder = Path.of(where);
        }
        if (source.sha256().isPresent() && Files.isDirectory(folder)) {
            checkPin(where, folder, source.sha256().get().trim(), source.pinKey());
        }
        Path local = folder;
        return timeline.time("bundleCheck", () -> ModelBundle.load(local));
    }

    private static void checkPin(String where, Path folder, String expected, String key) {
        if (!expected.matches("[0-9a-fA-F]{64}")) {
            throw new ModelLoadException(key + " is '" + expected + "', not a sha256 (64 hexadecimal digits)");
        }
        Path manifest = folder.resolve(BundleFiles.MANIFEST);
        if (!Files.isRegularFile(manifest)) {
            throw new ModelLoadException("model bundle " + where + " has no " + BundleFiles.MANIFEST + ", but this function is pinned to "
                    + "one with sha256 " + expected.toLowerCase(Locale.ROOT) + " (" + key + "): nothing was loaded");
        }
        String actual;
        try {
            actual = Sha256.of(manifest);
        } catch (IOException e) {
            throw new ModelLoadException("model bundle " + where + ": cannot read " + BundleFiles.MANIFEST + ": " + e.getMessage(), e);
        }
        if (!actual.equalsIgnoreCase(expected)) {
            throw new ModelLoadException("model bundle " + where + ": its " + BundleFiles.MANIFEST + " has sha256 " + actual
                    + ", but this function is pinned to " + expected.toLowerCase(Locale.ROOT) + " (" + key
                    + "): it is not the bundle that was deployed; nothing was loaded");
        }
    }
}
