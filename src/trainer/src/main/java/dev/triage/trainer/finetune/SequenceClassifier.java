package dev.triage.trainer.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.triage.core.tokens.TokenBatch;
import dev.triage.export.LinearHead;
import dev.triage.export.Pooling;
import dev.triage.export.transformer.Tensor;
import dev.triage.export.transformer.TransformerConfig;
import dev.triage.trainer.encoder.OwnedArrays;
import dev.triage.trainer.encoder.TransformerEncoder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The model fine-tuning trains: the encoder, pooling ([CLS] or the mean of real tokens), dropout
 * and a linear classifier ({@code classifier.weight} {@code [labels, hidden]}, {@code classifier.bias}),
 * every weight trainable. Pooling and the classifier export to the same ONNX nodes features mode
 * uses, so serving computes exactly this.
 */
public final class SequenceClassifier implements AutoCloseable {

    public static final String CLASSIFIER_WEIGHT = "classifier.weight";
    public static final String CLASSIFIER_BIAS = "classifier.bias";

    private final NDManager manager;
    private final TransformerEncoder encoder;
    private final Pooling pooling;
    private final float dropout;
    private final Map<String, NDArray> parameters = new LinkedHashMap<>();

    private SequenceClassifier(NDManager manager, TransformerEncoder encoder, Pooling pooling, float dropout,
                               NDArray weight, NDArray bias) {
        this.manager = manager;
        this.encoder = encoder;
        this.pooling = pooling;
        this.dropout = dropout;
        parameters.putAll(encoder.parameters());
        parameters.put(CLASSIFIER_WEIGHT, weight);
        parameters.put(CLASSIFIER_BIAS, bias);
        for (NDArray parameter : parameters.values()) {
            parameter.setRequiresGradient(true);
        }
    }

    /**
     * A pretrained encoder with a new classifier, initialised as transformers initialises one:
     * weights from N(0, 0.02) (seeded), biases 0.
     */
    public static SequenceClassifier create(TransformerConfig config, Map<String, Tensor> encoderWeights, int labels,
                                            Pooling pooling, float dropout, long seed) {
        NDManager manager = NDManager.newBaseManager("PyTorch");
        try {
            TransformerEncoder encoder = TransformerEncoder.create(manager, config, encoderWeights);
            Random random = new Random(seed);
            float[] weight = new float[labels * config.hiddenSize()];
            for (int i = 0; i < weight.length; i++) {
                weight[i] = (float) (random.nextGaussian() * 0.02);
            }
            return new SequenceClassifier(manager, encoder, pooling, dropout,
                    OwnedArrays.of(manager, weight, new Shape(labels, config.hiddenSize())), manager.zeros(new Shape(labels)));
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Logits {@code [batch, labels]}; the arrays made on the way belong to the caller's NDScope. */
    public NDArray logits(TokenBatch batch, boolean training) {
        Shape shape = new Shape(batch.size(), batch.sequenceLength());
        NDArray ids = manager.create(batch.inputIds(), shape);
        NDArray mask = manager.create(batch.attentionMask(), shape);
        NDArray types = encoder.config().architecture().hasTokenTypes() ? manager.create(batch.tokenTypeIds(), shape) : null;
        NDArray hidden = encoder.forward(ids, mask, types, training);
        NDArray pooled;
        if (pooling == Pooling.CLS) {
            pooled = hidden.get(":, 0, :");
        } else {
            NDArray weights = mask.toType(DataType.FLOAT32, false).expandDims(2);
            pooled = hidden.mul(weights).sum(new int[] {1}).div(weights.sum(new int[] {1}).maximum(1e-9f));
        }
        if (training && dropout > 0) {
            pooled = pooled.getNDArrayInternal().dropout(pooled, dropout, true).singletonOrThrow();
        }
        return pooled.getNDArrayInternal().linear(pooled, parameters.get(CLASSIFIER_WEIGHT), parameters.get(CLASSIFIER_BIAS))
                .singletonOrThrow();
    }

    /**
     * The mean cross-entropy of logits {@code [batch, labels]} against the gold label ids, the
     * training loss. Written without a Java scalar (no {@code div(-n)}): autograd would keep it for
     * backward after DJL has let go of its memory (see {@link OwnedArrays}).
     */
    public static NDArray crossEntropy(NDArray logits, int[] labels) {
        int classes = (int) logits.getShape().get(1);
        NDArray oneHot = logits.getManager().create(labels).oneHot(classes, DataType.FLOAT32);
        return logits.logSoftmax(1).mul(oneHot).sum(new int[] {1}).mean().neg();
    }

    /** Every trainable weight by Hugging Face name (encoder weights, then the classifier). */
    public Map<String, NDArray> parameters() {
        return parameters;
    }

    /** Overwrites every weight with a saved one of the same name and shape. */
    public void load(Map<String, Tensor> state) {
        for (Map.Entry<String, NDArray> entry : parameters.entrySet()) {
            Tensor saved = state.get(entry.getKey());
            if (saved == null || !java.util.Arrays.equals(saved.shape(), entry.getValue().getShape().getShape())) {
                throw new IllegalArgumentException("saved weights have no '" + entry.getKey() + "' of shape "
                        + entry.getValue().getShape() + ": they belong to another model");
            }
            OwnedArrays.copyInto(entry.getValue(), saved.data());
        }
    }

    /** The classifier as the export's linear head. */
    public static LinearHead head(Map<String, Tensor> state) {
        Tensor weight = state.get(CLASSIFIER_WEIGHT);
        int labels = (int) weight.shape()[0];
        int hidden = (int) weight.shape()[1];
        float[][] rows = new float[labels][hidden];
        for (int k = 0; k < labels; k++) {
            System.arraycopy(weight.data(), k * hidden, rows[k], 0, hidden);
        }
        return new LinearHead(rows, state.get(CLASSIFIER_BIAS).data().clone());
    }

    public TransformerConfig config() {
        return encoder.config();
    }

    public Pooling pooling() {
        return pooling;
    }

    public NDManager manager() {
        return manager;
    }

    @Override
    public void close() {
        manager.close();
    }
}
