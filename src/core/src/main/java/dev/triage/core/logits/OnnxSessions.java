package dev.triage.core.logits;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.triage.core.files.ClasspathFiles;
import java.nio.file.Path;

/** Opens ONNX Runtime sessions with {@link InferenceSettings} applied. */
public final class OnnxSessions {

    /** ONNX Runtime loads its libraries from this folder when set, instead of unpacking them from its jar. */
    static final String NATIVE_PATH = "onnxruntime.native.path";

    private OnnxSessions() {
    }

    /**
     * ONNX Runtime's environment; the first call loads its native libraries: from where they lie
     * where they are plain files on the class path (the Lambda zip's root), else unpacked from the
     * jar into java.io.tmpdir as ONNX Runtime does by itself.
     */
    public static OrtEnvironment environment() {
        return Environment.INSTANCE;
    }

    /** Created on first use, once (the holder idiom: no lock on every run). */
    private static final class Environment {
        static final OrtEnvironment INSTANCE = create();

        private static OrtEnvironment create() {
            if (System.getProperty(NATIVE_PATH) == null && ClasspathFiles.isLinuxX64()) {
                ClasspathFiles.plainFile(OnnxSessions.class.getClassLoader(), "ai/onnxruntime/native/linux-x64/libonnxruntime.so")
                        .ifPresent(library -> System.setProperty(NATIVE_PATH, library.getParent().toString()));
            }
            return OrtEnvironment.getEnvironment();
        }
    }

    /** Opens a session; the caller closes it. Throws OrtException for a graph ONNX Runtime cannot load. */
    public static OrtSession open(Path model, InferenceSettings settings) throws OrtException {
        OrtEnvironment environment = environment(); // first: its natives load from where they lie
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(settings.intraOpThreads());
            options.setInterOpNumThreads(settings.interOpThreads());
            options.setExecutionMode(settings.interOpThreads() > 1
                    ? OrtSession.SessionOptions.ExecutionMode.PARALLEL
                    : OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (settings.provider() == InferenceSettings.ExecutionProvider.CUDA) {
                options.addCUDA(0);
            }
            return environment.createSession(model.toString(), options);
        }
    }
}
