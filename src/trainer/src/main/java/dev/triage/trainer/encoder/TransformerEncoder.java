package dev.triage.trainer.encoder;

import dev.triage.export.transformer.Architecture;
import dev.triage.export.transformer.TransformerConfig;
import dev.triage.export.transformer.Tensor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.internal.NDArrayEx;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.ndarray.types.SparseFormat;
import dev.triage.export.transformer.Architecture.Part;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A BERT or DistilBERT encoder in DJL, computed as Hugging Face's {@code transformers} computes it
 * (DJL's own BertBlock is a different network: BatchNorm, another residual, a fixed length):
 * word + position (+ token type) embeddings and LayerNorm; then per layer multi-head self-attention
 * with the padding masked by adding the float minimum, output projection, dropout, residual and
 * LayerNorm (post-LN), then an erf-GELU feed-forward, dropout, residual and LayerNorm. Position
 * embeddings are sliced to the batch's length, so batches are padded only to their longest text.
 *
 * <p>Parameters are plain NDArrays keyed by their Hugging Face state-dict names.
 */
public final class TransformerEncoder {

    private static final float MASKED = -Float.MAX_VALUE; // torch.finfo(float32).min, as transformers adds it

    private final TransformerConfig config;
    private final Map<String, NDArray> parameters;
    /** 1/√(head size), in PyTorch's memory: autograd keeps it for backward (see {@link OwnedArrays}). */
    private final NDArray attentionScale;

    private TransformerEncoder(TransformerConfig config, Map<String, NDArray> parameters, NDArray attentionScale) {
        this.config = config;
        this.parameters = parameters;
        this.attentionScale = attentionScale;
    }

    /** Copies weights into NDArrays owned by {@code manager}; refuses a checkpoint of another shape. */
    public static TransformerEncoder create(NDManager manager, TransformerConfig config, Map<String, Tensor> weights) {
        Map<String, NDArray> parameters = new LinkedHashMap<>();
        for (Map.Entry<String, long[]> expected : expectedShapes(config).entrySet()) {
            Tensor tensor = weights.get(expected.getKey());
            if (tensor == null) {
                throw new IllegalArgumentException("the weights have no '" + expected.getKey() + "': they are not a "
                        + config.architecture().modelType() + " encoder of this configuration");
            }
            if (!java.util.Arrays.equals(tensor.shape(), expected.getValue())) {
                throw new IllegalArgumentException("weight '" + expected.getKey() + "' has shape "
                        + java.util.Arrays.toString(tensor.shape()) + ", the configuration expects "
                        + java.util.Arrays.toString(expected.getValue()));
            }
            parameters.put(expected.getKey(), OwnedArrays.of(manager, tensor.data(), new Shape(tensor.shape())));
        }
        return new TransformerEncoder(config, parameters,
                OwnedArrays.scalar(manager, (float) (1.0 / Math.sqrt(config.headSize()))));
    }

    /** Every weight of an encoder of this configuration, with its shape. */
    public static Map<String, long[]> expectedShapes(TransformerConfig config) {
        Architecture a = config.architecture();
        int h = config.hiddenSize();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        shapes.put(a.wordEmbeddings(), new long[] {config.vocabSize(), h});
        shapes.put(a.positionEmbeddings(), new long[] {config.maxPositions(), h});
        if (a.hasTokenTypes()) {
            shapes.put(a.tokenTypeEmbeddings(), new long[] {config.typeVocabSize(), h});
        }
        shapes.put(a.embeddingNorm() + ".weight", new long[] {h});
        shapes.put(a.embeddingNorm() + ".bias", new long[] {h});
        for (int layer = 0; layer < config.layers(); layer++) {
            for (Part part : Part.values()) {
                String name = a.layer(layer, part);
                long out = part == Part.INTERMEDIATE ? config.intermediateSize() : h;
                long in = part == Part.OUTPUT ? config.intermediateSize() : h;
                if (part == Part.ATTENTION_NORM || part == Part.OUTPUT_NORM) {
                    shapes.put(name + ".weight", new long[] {h});
                } else {
                    shapes.put(name + ".weight", new long[] {out, in});
                }
                shapes.put(name + ".bias", new long[] {out});
            }
        }
        return shapes;
    }

    /**
     * The last hidden state {@code [batch, sequence, hidden]}.
     *
     * @param inputIds      int64 {@code [batch, sequence]}
     * @param attentionMask int64, 1 for tokens, 0 for padding
     * @param tokenTypeIds  int64, or null (DistilBERT has none; BERT then uses type 0)
     * @param training      whether dropout is active
     */
    public NDArray forward(NDArray inputIds, NDArray attentionMask, NDArray tokenTypeIds, boolean training) {
        Architecture a = config.architecture();
        long sequence = inputIds.getShape().get(1);
        if (sequence > config.maxPositions()) {
            throw new IllegalArgumentException("a sequence of " + sequence + " tokens exceeds the encoder's "
                    + config.maxPositions() + " positions");
        }
        NDArrayEx ex = inputIds.getNDArrayInternal();
        NDArray x = ex.embedding(inputIds, p(a.wordEmbeddings()), SparseFormat.DENSE).singletonOrThrow();
        x = x.add(p(a.positionEmbeddings()).get(new NDIndex("0:{}", sequence)));
        if (a.hasTokenTypes()) {
            NDArray types = tokenTypeIds != null ? tokenTypeIds : inputIds.zerosLike();
            x = x.add(ex.embedding(types, p(a.tokenTypeEmbeddings()), SparseFormat.DENSE).singletonOrThrow());
        }
        x = layerNorm(x, a.embeddingNorm());
        x = dropout(x, config.hiddenDropout(), training);

        long batch = inputIds.getShape().get(0);
        // [batch, 1, 1, sequence]: 0 where attended, the float minimum where padded
        NDArray maskAdd = attentionMask.toType(DataType.FLOAT32, false).neg().add(1f).mul(MASKED)
                .reshape(batch, 1, 1, sequence);
        for (int layer = 0; layer < config.layers(); layer++) {
            x = training ? layer(x, layer, maskAdd, true) : layerAlone(x, layer, maskAdd);
        }
        return x;
    }

    /**
     * One layer without gradients, its intermediates freed as soon as its output exists. Without
     * this, every array a pass makes lives until the caller's scope closes, so a validation pass
     * held all layers' attention tensors at once: 1.4 GB more resident memory per 19-text batch of
     * 256-token e-mails, the spam recipe's peak. Backward needs them, so training keeps them.
     */
    private NDArray layerAlone(NDArray x, int layer, NDArray maskAdd) {
        NDArray out;
        try (NDScope ignored = new NDScope()) {
            out = layer(x, layer, maskAdd, false);
            NDScope.unregister(out);
        }
        NDScope.register(out);
        return out;
    }

    private NDArray layer(NDArray x, int layer, NDArray maskAdd, boolean training) {
        Architecture a = config.architecture();
        long batch = x.getShape().get(0);
        long sequence = x.getShape().get(1);
        int heads = config.heads();
        int headSize = config.headSize();

        NDArray query = linear(x, a.layer(layer, Part.QUERY));
        NDArray key = linear(x, a.layer(layer, Part.KEY));
        NDArray value = linear(x, a.layer(layer, Part.VALUE));
        query = query.reshape(batch, sequence, heads, headSize).transpose(0, 2, 1, 3);
        key = key.reshape(batch, sequence, heads, headSize).transpose(0, 2, 3, 1);
        value = value.reshape(batch, sequence, heads, headSize).transpose(0, 2, 1, 3);
        NDArray scores;
        if (config.architecture() == Architecture.DISTILBERT) {
            scores = query.mul(attentionScale).matMul(key); // DistilBERT scales the queries first
        } else {
            scores = query.matMul(key).mul(attentionScale);
        }
        NDArray probabilities = dropout(scores.add(maskAdd).softmax(-1), config.attentionDropout(), training);
        NDArray context = probabilities.matMul(value).transpose(0, 2, 1, 3).reshape(batch, sequence, config.hiddenSize());
        NDArray attended = dropout(linear(context, a.layer(layer, Part.ATTENTION_OUTPUT)), config.hiddenDropout(), training);
        NDArray normed = layerNorm(attended.add(x), a.layer(layer, Part.ATTENTION_NORM));

        NDArray intermediate = linear(normed, a.layer(layer, Part.INTERMEDIATE)).getNDArrayInternal().gelu();
        NDArray output = dropout(linear(intermediate, a.layer(layer, Part.OUTPUT)), config.hiddenDropout(), training);
        return layerNorm(output.add(normed), a.layer(layer, Part.OUTPUT_NORM));
    }

    private NDArray linear(NDArray x, String module) {
        return x.getNDArrayInternal().linear(x, p(module + ".weight"), p(module + ".bias")).singletonOrThrow();
    }

    private NDArray layerNorm(NDArray x, String module) {
        return x.getNDArrayInternal().layerNorm(x, new Shape(config.hiddenSize()), p(module + ".weight"),
                p(module + ".bias"), config.layerNormEps()).singletonOrThrow();
    }

    private static NDArray dropout(NDArray x, float rate, boolean training) {
        if (!training || rate <= 0) {
            return x;
        }
        return x.getNDArrayInternal().dropout(x, rate, true).singletonOrThrow();
    }

    private NDArray p(String name) {
        NDArray parameter = parameters.get(name);
        if (parameter == null) {
            throw new IllegalStateException("no parameter " + name);
        }
        return parameter;
    }

    public TransformerConfig config() {
        return config;
    }

    /** The parameters by Hugging Face name, in state-dict order. */
    public Map<String, NDArray> parameters() {
        return parameters;
    }
}
