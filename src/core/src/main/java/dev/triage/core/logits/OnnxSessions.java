package dev.triage.core.logits;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import java.nio.file.Path;

/** Opens ONNX Runtime sessions with {@link InferenceSettings} applied. */
public final class OnnxSessions {

    private OnnxSessions() {
    }

    public static OrtEnvironment environment() {
        return OrtEnvironment.getEnvironment();
    }

    /** Opens a session; the caller closes it. Throws OrtException for a graph ONNX Runtime cannot load. */
    public static OrtSession open(Path model, InferenceSettings settings) throws OrtException {
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
            return environment().createSession(model.toString(), options);
        }
    }
}
