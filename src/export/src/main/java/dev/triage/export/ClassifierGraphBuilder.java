package dev.triage.export;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.triage.core.logits.LogitsSession;
import dev.triage.core.logits.TokenInputs;
import java.util.List;

/**
 * Appends pooling, and optionally a linear head, to an encoder graph, so that one ONNX graph goes
 * from tokens to pooled features (for training the head) or to logits (the served model). Training
 * and serving run the very same pooling nodes: they cannot drift apart.
 *
 * <p>Nodes are written for the encoder's own opset: from opset 13, Unsqueeze and ReduceSum take
 * their axes as an input rather than an attribute.
 */
public final class ClassifierGraphBuilder {

    /** Output of {@link #features}: {@code [batch, hidden]} pooled vectors. */
    public static final String FEATURES = "features";
    private static final String PREFIX = "triage/";

    private ClassifierGraphBuilder() {
    }

    /** Encoder + pooling, output {@value #FEATURES}. */
    public static ModelProto features(EncoderGraph encoder, Pooling pooling) {
        GraphProto.Builder graph = startFrom(encoder);
        String pooled = appendPooling(graph, encoder, pooling);
        graph.addNode(OnnxProtos.node("Identity", PREFIX + "features", List.of(pooled), List.of(FEATURES)));
        graph.addOutput(OnnxProtos.floatValue(FEATURES, "batch_size", (long) encoder.hiddenSize()));
        return finish(encoder, graph);
    }

    /** Encoder + pooling + linear head, output {@code logits}, as the bundle contract asks. */
    public static ModelProto classifier(EncoderGraph encoder, Pooling pooling, LinearHead head) {
        if (head.hiddenSize() != encoder.hiddenSize()) {
            throw new IllegalArgumentException("head expects " + head.hiddenSize() + " features but the encoder gives "
                    + encoder.hiddenSize());
        }
        GraphProto.Builder graph = startFrom(encoder);
        String pooled = appendPooling(graph, encoder, pooling);
        graph.addInitializer(OnnxProtos.floatTensor(PREFIX + "classifier.weight",
                new long[] {head.labels(), head.hiddenSize()}, head.flatWeight()));
        graph.addInitializer(OnnxProtos.floatTensor(PREFIX + "classifier.bias", new long[] {head.labels()}, head.bias()));
        // Gemm with transB computes pooled · Wᵀ + b in one kernel, W stored as nn.Linear stores it.
        graph.addNode(OnnxProtos.node("Gemm", PREFIX + "classifier",
                List.of(pooled, PREFIX + "classifier.weight", PREFIX + "classifier.bias"), List.of(LogitsSession.LOGITS),
                OnnxProtos.integer("transB", 1)));
        graph.addOutput(OnnxProtos.floatValue(LogitsSession.LOGITS, "batch_size", (long) head.labels()));
        return finish(encoder, graph);
    }

    private static GraphProto.Builder startFrom(EncoderGraph encoder) {
        return encoder.model().getGraph().toBuilder().clearOutput();
    }

    private static ModelProto finish(EncoderGraph encoder, GraphProto.Builder graph) {
        return encoder.model().toBuilder().setGraph(graph).setProducerName("triage").build();
    }

    /** Adds the pooling nodes; returns the name of the {@code [batch, hidden]} result. */
    private static String appendPooling(GraphProto.Builder graph, EncoderGraph encoder, Pooling pooling) {
        String hidden = EncoderGraph.LAST_HIDDEN_STATE;
        if (pooling == Pooling.CLS) {
            graph.addInitializer(OnnxProtos.longTensor(PREFIX + "cls_index", new long[0], new long[] {0}));
            graph.addNode(OnnxProtos.node("Gather", PREFIX + "cls", List.of(hidden, PREFIX + "cls_index"),
                    List.of(PREFIX + "pooled"), OnnxProtos.integer("axis", 1)));
            return PREFIX + "pooled";
        }
        boolean axesAsInput = encoder.opset() >= 13;
        graph.addNode(OnnxProtos.node("Cast", PREFIX + "mask_float", List.of(TokenInputs.ATTENTION_MASK),
                List.of(PREFIX + "mask_float"), OnnxProtos.integer("to", TensorProto.DataType.FLOAT_VALUE)));
        // mask [batch, seq] -> [batch, seq, 1], so that it broadcasts over the hidden dimension
        if (axesAsInput) {
            graph.addInitializer(OnnxProtos.longTensor(PREFIX + "axis2", new long[] {1}, new long[] {2}));
            graph.addInitializer(OnnxProtos.longTensor(PREFIX + "axis1", new long[] {1}, new long[] {1}));
            graph.addNode(OnnxProtos.node("Unsqueeze", PREFIX + "mask_3d",
                    List.of(PREFIX + "mask_float", PREFIX + "axis2"), List.of(PREFIX + "mask_3d")));
        } else {
            graph.addNode(OnnxProtos.node("Unsqueeze", PREFIX + "mask_3d", List.of(PREFIX + "mask_float"),
                    List.of(PREFIX + "mask_3d"), OnnxProtos.ints("axes", 2)));
        }
        graph.addNode(OnnxProtos.node("Mul", PREFIX + "masked", List.of(hidden, PREFIX + "mask_3d"),
                List.of(PREFIX + "masked")));
        addSumOverSequence(graph, axesAsInput, PREFIX + "masked", PREFIX + "sum");
        addSumOverSequence(graph, axesAsInput, PREFIX + "mask_3d", PREFIX + "count");
        // As sentence-transformers does: a text of only padding would divide by zero.
        graph.addInitializer(OnnxProtos.floatTensor(PREFIX + "min_count", new long[0], new float[] {1e-9f}));
        graph.addNode(OnnxProtos.node("Max", PREFIX + "count_clamped", List.of(PREFIX + "count", PREFIX + "min_count"),
                List.of(PREFIX + "count_clamped")));
        graph.addNode(OnnxProtos.node("Div", PREFIX + "mean", List.of(PREFIX + "sum", PREFIX + "count_clamped"),
                List.of(PREFIX + "pooled")));
        return PREFIX + "pooled";
    }

    private static void addSumOverSequence(GraphProto.Builder graph, boolean axesAsInput, String input, String output) {
        if (axesAsInput) {
            graph.addNode(OnnxProtos.node("ReduceSum", output, List.of(input, PREFIX + "axis1"), List.of(output),
                    OnnxProtos.integer("keepdims", 0)));
        } else {
            graph.addNode(OnnxProtos.node("ReduceSum", output, List.of(input), List.of(output),
                    OnnxProtos.ints("axes", 1), OnnxProtos.integer("keepdims", 0)));
        }
    }
}
