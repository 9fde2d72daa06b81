package dev.triage.export.transformer;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.triage.core.logits.TokenInputs;
import dev.triage.export.EncoderGraph;
import dev.triage.export.OnnxProtos;
import dev.triage.export.transformer.Architecture.Part;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes a BERT or DistilBERT encoder as an ONNX graph (opset 17) from its weights under Hugging
 * Face names: the same computation as {@code transformers} and as the DJL encoder the trainer
 * fine-tunes (post-LayerNorm layers, erf GELU, additive float-minimum attention mask, position
 * embeddings sliced to the input's length). The result is an encoder export
 * ({@code last_hidden_state}) that {@link dev.triage.export.ClassifierGraphBuilder} completes with
 * pooling and a head.
 */
public final class TransformerGraphWriter {

    static final int OPSET = 17; // LayerNormalization is a single operator from opset 17
    private static final float MASKED = -Float.MAX_VALUE;

    private final TransformerConfig config;
    private final Map<String, Tensor> weights;
    private final GraphProto.Builder graph = GraphProto.newBuilder().setName("encoder");
    private final java.util.Set<String> added = new java.util.HashSet<>();
    private int counter;

    private TransformerGraphWriter(TransformerConfig config, Map<String, Tensor> weights) {
        this.config = config;
        this.weights = weights;
    }

    public static ModelProto write(TransformerConfig config, Map<String, Tensor> weights) {
        return new TransformerGraphWriter(config, weights).build();
    }

    private ModelProto build() {
        Architecture a = config.architecture();
        graph.addInput(intInput(TokenInputs.INPUT_IDS));
        graph.addInput(intInput(TokenInputs.ATTENTION_MASK));
        if (a.hasTokenTypes()) {
            graph.addInput(intInput(TokenInputs.TOKEN_TYPE_IDS));
        }
        graph.addInitializer(OnnxProtos.longTensor("const/zero", new long[] {1}, new long[] {0}));
        graph.addInitializer(OnnxProtos.longTensor("const/one_scalar", new long[0], new long[] {1}));
        graph.addInitializer(OnnxProtos.longTensor("const/axis0", new long[] {1}, new long[] {0}));
        graph.addInitializer(OnnxProtos.longTensor("const/axes12", new long[] {2}, new long[] {1, 2}));
        graph.addInitializer(OnnxProtos.floatTensor("const/one", new long[0], new float[] {1f}));
        graph.addInitializer(OnnxProtos.floatTensor("const/half", new long[0], new float[] {0.5f}));
        graph.addInitializer(OnnxProtos.floatTensor("const/sqrt2", new long[0], new float[] {(float) Math.sqrt(2)}));
        graph.addInitializer(OnnxProtos.floatTensor("const/masked", new long[0], new float[] {MASKED}));
        graph.addInitializer(OnnxProtos.floatTensor("const/scale", new long[0],
                new float[] {(float) (1.0 / Math.sqrt(config.headSize()))}));
        graph.addInitializer(OnnxProtos.longTensor("const/heads_shape", new long[] {4},
                new long[] {0, 0, config.heads(), config.headSize()}));
        graph.addInitializer(OnnxProtos.longTensor("const/hidden_shape", new long[] {3}, new long[] {0, 0, config.hiddenSize()}));

        // embeddings: words + positions[0:sequence] (+ token types), then LayerNorm
        String words = node("Gather", List.of(weight(a.wordEmbeddings()), TokenInputs.INPUT_IDS));
        String shape = node("Shape", List.of(TokenInputs.INPUT_IDS));
        String length = node("Gather", List.of(shape, "const/one_scalar"));
        String length1d = node("Unsqueeze", List.of(length, "const/axis0"));
        String positions = node("Slice", List.of(weight(a.positionEmbeddings()), "const/zero", length1d, "const/axis0"));
        String x = node("Add", List.of(words, positions));
        if (a.hasTokenTypes()) {
            x = node("Add", List.of(x, node("Gather", List.of(weight(a.tokenTypeEmbeddings()), TokenInputs.TOKEN_TYPE_IDS))));
        }
        x = layerNorm(x, a.embeddingNorm());

        // [batch, 1, 1, sequence]: 0 where attended, the float minimum where padded
        String mask = node("Cast", List.of(TokenInputs.ATTENTION_MASK), OnnxProtos.integer("to", TensorProto.DataType.FLOAT_VALUE));
        String maskAdd = node("Unsqueeze", List.of(node("Mul", List.of(node("Sub", List.of("const/one", mask)), "const/masked")),
                "const/axes12"));

        for (int layer = 0; layer < config.layers(); layer++) {
            x = layer(x, layer, maskAdd);
        }
        graph.addNode(OnnxProtos.node("Identity", "last_hidden_state", List.of(x), List.of(EncoderGraph.LAST_HIDDEN_STATE)));
        graph.addOutput(OnnxProtos.floatValue(EncoderGraph.LAST_HIDDEN_STATE, "batch_size", "sequence_length",
                (long) config.hiddenSize()));
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("triage")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph).build();
    }

    private String layer(String x, int layer, String maskAdd) {
        Architecture a = config.architecture();
        String query = heads(linear(x, a.layer(layer, Part.QUERY)), new long[] {0, 2, 1, 3});
        String key = heads(linear(x, a.layer(layer, Part.KEY)), new long[] {0, 2, 3, 1});
        String value = heads(linear(x, a.layer(layer, Part.VALUE)), new long[] {0, 2, 1, 3});
        String scores = a == Architecture.DISTILBERT
                ? node("MatMul", List.of(node("Mul", List.of(query, "const/scale")), key))
                : node("Mul", List.of(node("MatMul", List.of(query, key)), "const/scale"));
        String probabilities = node("Softmax", List.of(node("Add", List.of(scores, maskAdd))), OnnxProtos.integer("axis", -1));
        String context = node("Reshape", List.of(node("Transpose", List.of(node("MatMul", List.of(probabilities, value))),
                OnnxProtos.ints("perm", 0, 2, 1, 3)), "const/hidden_shape"));
        String attended = linear(context, a.layer(layer, Part.ATTENTION_OUTPUT));
        String normed = layerNorm(node("Add", List.of(attended, x)), a.layer(layer, Part.ATTENTION_NORM));
        String intermediate = linear(normed, a.layer(layer, Part.INTERMEDIATE));
        // erf GELU: x · ½ · (1 + erf(x / √2))
        String gelu = node("Mul", List.of(node("Mul", List.of(intermediate, "const/half")),
                node("Add", List.of("const/one", node("Erf", List.of(node("Div", List.of(intermediate, "const/sqrt2"))))))));
        String output = linear(gelu, a.layer(layer, Part.OUTPUT));
        return layerNorm(node("Add", List.of(output, normed)), a.layer(layer, Part.OUTPUT_NORM));
    }

    /** [batch, seq, hidden] to [batch, heads, seq, head] (or [batch, heads, head, seq] for keys). */
    private String heads(String x, long[] permutation) {
        return node("Transpose", List.of(node("Reshape", List.of(x, "const/heads_shape"))), OnnxProtos.ints("perm", permutation));
    }

    /** x · Wᵀ + b, with W stored transposed ([in, out]) as exporters store it for MatMul. */
    private String linear(String x, String module) {
        Tensor transposedWeight = require(module + ".weight").transposed();
        String transposed = module + ".weight_t";
        graph.addInitializer(OnnxProtos.floatTensor(transposed, transposedWeight.shape(), transposedWeight.data()));
        return node("Add", List.of(node("MatMul", List.of(x, transposed)), weight(module + ".bias")));
    }

    private String layerNorm(String x, String module) {
        return node("LayerNormalization", List.of(x, weight(module + ".weight"), weight(module + ".bias")),
                OnnxProtos.integer("axis", -1), epsilon(config.layerNormEps()));
    }

    private static ai.onnx.proto.OnnxMl.AttributeProto epsilon(float value) {
        return ai.onnx.proto.OnnxMl.AttributeProto.newBuilder().setName("epsilon")
                .setType(ai.onnx.proto.OnnxMl.AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    /** Adds a named weight as an initializer once; returns its name. */
    private String weight(String name) {
        if (added.add(name)) {
            Tensor tensor = require(name);
            graph.addInitializer(OnnxProtos.floatTensor(name, tensor.shape(), tensor.data()));
        }
        return name;
    }

    private Tensor require(String name) {
        Tensor tensor = weights.get(name);
        if (tensor == null) {
            throw new IllegalArgumentException("no weight '" + name + "' for a " + config.architecture().modelType() + " encoder");
        }
        return tensor;
    }

    private String node(String op, List<String> inputs, ai.onnx.proto.OnnxMl.AttributeProto... attributes) {
        String output = op.toLowerCase(java.util.Locale.ROOT) + "_" + (counter++);
        graph.addNode(OnnxProtos.node(op, output, new ArrayList<>(inputs), List.of(output), attributes));
        return output;
    }

    private static ValueInfoProto intInput(String name) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("batch_size"))
                .addDim(TensorShapeProto.Dimension.newBuilder().setDimParam("sequence_length"));
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder().setTensorType(
                TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.INT64_VALUE).setShape(shape))).build();
    }
}
