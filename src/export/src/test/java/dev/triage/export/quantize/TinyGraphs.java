package dev.triage.export.quantize;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.triage.export.OnnxProtos;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Graphs small enough to check a rewrite node by node, and a way to run them. */
final class TinyGraphs {

    /** {@code [4, 3]}, row-major: column maxima 1.27 and 2.54 (scales 0.01 and 0.02); the last column is all zero. */
    static final float[] W1 = {
        1.27f, -2.54f, 0f,
        -0.64f, 1.0f, 0f,
        0f, 0.5f, 0f,
        0.13f, 0.02f, 0f};
    static final float[] B1 = {0.1f, -0.2f, 0.3f};
    /** The head, {@code [2, 3]} as nn.Linear stores it (Gemm transB = 1). */
    static final float[] W2 = {0.4f, -1.0f, 0.25f, 2.0f, 0.125f, -0.5f};
    static final float[] B2 = {0.01f, -0.02f};

    private TinyGraphs() {
    }

    /** x [batch, 4] → MatMul W1 → Add (bias first, as PyTorch exports it) → Relu → Gemm head → logits [batch, 2]. */
    static ModelProto mlp(long opset) {
        GraphProto graph = GraphProto.newBuilder().setName("mlp")
                .addInput(floatValue("x", "batch", 4L))
                .addInitializer(OnnxProtos.floatTensor("w1", new long[] {4, 3}, W1))
                .addInitializer(OnnxProtos.floatTensor("b1", new long[] {3}, B1))
                .addInitializer(OnnxProtos.floatTensor("w2", new long[] {2, 3}, W2))
                .addInitializer(OnnxProtos.floatTensor("b2", new long[] {2}, B2))
                .addNode(OnnxProtos.node("MatMul", "hidden/MatMul", List.of("x", "w1"), List.of("mm")))
                .addNode(OnnxProtos.node("Add", "hidden/Add", List.of("b1", "mm"), List.of("pre")))
                .addNode(OnnxProtos.node("Relu", "hidden/Relu", List.of("pre"), List.of("h")))
                .addNode(OnnxProtos.node("Gemm", "classifier", List.of("h", "w2", "b2"), List.of("logits"),
                        OnnxProtos.integer("transB", 1)))
                .addOutput(floatValue("logits", "batch", 2L))
                .build();
        return model(graph, opset);
    }

    /** ids [batch, seq] → Gather from a [rows, 4] table → MatMul W1 → Relu → y [batch, seq, 3]. */
    static ModelProto embedding(float[] table, int rows) {
        GraphProto graph = GraphProto.newBuilder().setName("embedding")
                .addInput(ValueInfoProto.newBuilder().setName("ids").setType(TypeProto.newBuilder().setTensorType(
                        TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.INT64_VALUE))))
                .addInitializer(OnnxProtos.floatTensor("table", new long[] {rows, 4}, table))
                .addInitializer(OnnxProtos.floatTensor("w1", new long[] {4, 3}, W1))
                .addNode(OnnxProtos.node("Gather", "embed", List.of("table", "ids"), List.of("vectors")))
                .addNode(OnnxProtos.node("MatMul", "project", List.of("vectors", "w1"), List.of("projected")))
                .addNode(OnnxProtos.node("Relu", "relu", List.of("projected"), List.of("y")))
                .addOutput(ValueInfoProto.newBuilder().setName("y").setType(TypeProto.newBuilder().setTensorType(
                        TypeProto.Tensor.newBuilder().setElemType(TensorProto.DataType.FLOAT_VALUE))))
                .build();
        return model(graph, 17);
    }

    /**
     * x [batch, 4] → LayerNormalization → h; h · W + b → Add(·, h) → LayerNormalization (epsilon 1e-5 by
     * default) → y: a post-LayerNorm residual block.
     */
    static ModelProto residual() {
        float[] w = {0.5f, -0.25f, 1f, 0.1f, -1f, 0.3f, 0.2f, 0.7f, 0.05f, 0.9f, -0.6f, 0.4f, 0.8f, -0.2f, 0.3f, -0.9f};
        GraphProto graph = GraphProto.newBuilder().setName("residual")
                .addInput(floatValue("x", "batch", 4L))
                .addInitializer(OnnxProtos.floatTensor("gamma0", new long[] {4}, new float[] {1f, 0.5f, 2f, 1f}))
                .addInitializer(OnnxProtos.floatTensor("beta0", new long[] {4}, new float[] {0f, 0.1f, -0.1f, 0.2f}))
                .addInitializer(OnnxProtos.floatTensor("w", new long[] {4, 4}, w))
                .addInitializer(OnnxProtos.floatTensor("b", new long[] {4}, new float[] {0.1f, 0.2f, 0.3f, 0.4f}))
                .addInitializer(OnnxProtos.floatTensor("gamma1", new long[] {4}, new float[] {1f, 1f, 1f, 1f}))
                .addInitializer(OnnxProtos.floatTensor("beta1", new long[] {4}, new float[] {0f, 0f, 0f, 0f}))
                .addNode(OnnxProtos.node("LayerNormalization", "norm0", List.of("x", "gamma0", "beta0"), List.of("h"),
                        OnnxProtos.integer("axis", -1)))
                .addNode(OnnxProtos.node("MatMul", "dense", List.of("h", "w"), List.of("mm")))
                .addNode(OnnxProtos.node("Add", "dense/bias", List.of("mm", "b"), List.of("dense_out")))
                .addNode(OnnxProtos.node("Add", "residual", List.of("dense_out", "h"), List.of("sum")))
                .addNode(OnnxProtos.node("LayerNormalization", "norm1", List.of("sum", "gamma1", "beta1"), List.of("y")))
                .addOutput(floatValue("y", "batch", 4L))
                .build();
        return model(graph, 17);
    }

    static ModelProto model(GraphProto graph, long opset) {
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("test")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset)).setGraph(graph).build();
    }

    static ValueInfoProto floatValue(String name, Object... dims) {
        return OnnxProtos.floatValue(name, dims);
    }

    /** Runs the mlp graph on rows of x; returns logits. */
    static float[][] runMlp(ModelProto model, Path dir, String file, float[][] x) throws Exception {
        Path path = dir.resolve(file);
        OnnxProtos.write(model, path);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[] flat = new float[x.length * 4];
        for (int i = 0; i < x.length; i++) {
            System.arraycopy(x[i], 0, flat, i * 4, 4);
        }
        try (OrtSession session = env.createSession(path.toString(), new OrtSession.SessionOptions());
             OnnxTensor input = OnnxTensor.createTensor(env, FloatBuffer.wrap(flat), new long[] {x.length, 4});
             OrtSession.Result result = session.run(Map.of("x", input))) {
            return (float[][]) result.get(0).getValue();
        }
    }

    /** Runs a graph with input x [batch, 4] and one output. */
    static float[][] runX(ModelProto model, Path dir, String file, float[][] x) throws Exception {
        return runMlp(model, dir, file, x);
    }

    /** Runs the embedding graph on one row of ids; returns y [seq][3]. */
    static float[][] runEmbedding(ModelProto model, Path dir, String file, long[] ids) throws Exception {
        Path path = dir.resolve(file);
        OnnxProtos.write(model, path);
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession session = env.createSession(path.toString(), new OrtSession.SessionOptions());
             OnnxTensor input = OnnxTensor.createTensor(env, LongBuffer.wrap(ids), new long[] {1, ids.length});
             OrtSession.Result result = session.run(Map.of("ids", input))) {
            return ((float[][][]) result.get(0).getValue())[0];
        }
    }

    static String ops(ModelProto model) {
        return String.join(" ", model.getGraph().getNodeList().stream()
                .map(n -> (n.getDomain().isEmpty() ? "" : n.getDomain() + ":") + n.getOpType()).toList());
    }

    static TensorProto initializer(ModelProto model, String name) {
        return model.getGraph().getInitializerList().stream().filter(t -> t.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no initializer " + name));
    }

    static long intAttribute(NodeProto node, String name) {
        return node.getAttributeList().stream().filter(a -> a.getName().equals(name)).mapToLong(AttributeProto::getI)
                .findFirst().orElseThrow();
    }

    static TensorShapeProto.Dimension dim(long value) {
        return TensorShapeProto.Dimension.newBuilder().setDimValue(value).build();
    }
}
