package dev.triage.core.logits;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import dev.triage.core.bundle.BundleFiles;
import dev.triage.core.bundle.InvalidBundleException;
import dev.triage.core.bundle.ModelBundle;
import dev.triage.core.tokens.TokenBatch;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Tokens to logits: one ONNX Runtime session over a bundle's model.onnx. Opening it checks the graph
 * against the bundle (its inputs are ones a tokenizer can give; it has a float {@code logits}
 * output as wide as config.json has labels). Thread-safe: ONNX Runtime sessions accept concurrent
 * runs, and every native tensor is closed after its run.
 */
public final class LogitsSession implements AutoCloseable {

    public static final String LOGITS = "logits";

    private final OrtSession session;
    private final Set<String> declaredInputs;
    private final int labelCount;

    private LogitsSession(OrtSession session, Set<String> declaredInputs, int labelCount) {
        this.session = session;
        this.declaredInputs = declaredInputs;
        this.labelCount = labelCount;
    }

    public static LogitsSession open(ModelBundle bundle, InferenceSettings settings) {
        Path dir = bundle.directory();
        OrtSession session;
        try {
            session = OnnxSessions.open(bundle.modelFile(), settings);
        } catch (OrtException e) {
            throw new InvalidBundleException(dir, BundleFiles.MODEL, null,
                    "ONNX Runtime cannot load the graph: " + e.getMessage(), e);
        }
        try {
            Set<String> inputs = checkInputs(dir, session);
            checkLogits(dir, session, bundle.labels().size());
            return new LogitsSession(session, inputs, bundle.labels().size());
        } catch (OrtException | RuntimeException e) {
            closeQuietly(session);
            if (e instanceof InvalidBundleException invalid) {
                throw invalid;
            }
            throw new InvalidBundleException(dir, BundleFiles.MODEL, null, "cannot be inspected: " + e.getMessage(), e);
        }
    }

    private static Set<String> checkInputs(Path dir, OrtSession session) throws OrtException {
        Set<String> declared = new LinkedHashSet<>();
        for (Map.Entry<String, NodeInfo> input : session.getInputInfo().entrySet()) {
            String name = input.getKey();
            if (!TokenInputs.KNOWN.contains(name)) {
                throw new InvalidBundleException(dir, BundleFiles.MODEL, "input " + name,
                        "the graph needs it but a tokenizer can only give " + TokenInputs.KNOWN);
            }
            if (!(input.getValue().getInfo() instanceof TensorInfo tensor) || tensor.type != OnnxJavaType.INT64) {
                throw new InvalidBundleException(dir, BundleFiles.MODEL, "input " + name,
                        "must be an int64 tensor, is " + input.getValue().getInfo());
            }
            declared.add(name);
        }
        if (!declared.contains(TokenInputs.INPUT_IDS)) {
            throw new InvalidBundleException(dir, BundleFiles.MODEL, "input " + TokenInputs.INPUT_IDS,
                    "is missing; the graph declares only " + declared);
        }
        return declared;
    }

    private static void checkLogits(Path dir, OrtSession session, int labels) throws OrtException {
        NodeInfo output = session.getOutputInfo().get(LOGITS);
        if (output == null) {
            throw new InvalidBundleException(dir, BundleFiles.MODEL, "output " + LOGITS,
                    "is missing; the graph's outputs are " + session.getOutputNames());
        }
        if (!(output.getInfo() instanceof TensorInfo tensor) || tensor.type != OnnxJavaType.FLOAT
                || tensor.getShape().length != 2) {
            throw new InvalidBundleException(dir, BundleFiles.MODEL, "output " + LOGITS,
                    "must be a float tensor [batch, labels], is " + output.getInfo());
        }
        long width = tensor.getShape()[1];
        if (width > 0 && width != labels) {
            throw new InvalidBundleException(dir, BundleFiles.CONFIG, "id2label", "has " + labels
                    + " labels but model.onnx output logits is " + width + " wide");
        }
    }

    /** Runs the graph over a batch; row i of the result is the logits of text i. */
    public float[][] run(TokenBatch batch) {
        if (batch.size() == 0) {
            return new float[0][];
        }
        try (TokenInputs inputs = TokenInputs.create(OnnxSessions.environment(), declaredInputs, batch);
             OrtSession.Result result = session.run(inputs.tensors(), Set.of(LOGITS))) {
            Optional<OnnxValue> value = result.get(LOGITS);
            OnnxTensor logits = (OnnxTensor) value.orElseThrow();
            long[] shape = logits.getInfo().getShape();
            if (shape[0] != batch.size() || shape[1] != labelCount) {
                throw new IllegalStateException("model.onnx returned logits " + java.util.Arrays.toString(shape)
                        + " for a batch of " + batch.size() + " and " + labelCount + " labels");
            }
            FloatBuffer flat = logits.getFloatBuffer();
            float[][] rows = new float[batch.size()][labelCount];
            for (float[] row : rows) {
                flat.get(row);
            }
            return rows;
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on a batch of " + batch.size() + " x "
                    + batch.sequenceLength() + " tokens: " + e.getMessage(), e);
        }
    }

    /** The token inputs this graph declares (token_type_ids only where it takes them). */
    public Set<String> declaredInputs() {
        return declaredInputs;
    }

    public int labelCount() {
        return labelCount;
    }

    @Override
    public void close() {
        closeQuietly(session);
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            // Nothing more can be done for a session that fails to close; its memory goes with the process.
        }
    }
}
