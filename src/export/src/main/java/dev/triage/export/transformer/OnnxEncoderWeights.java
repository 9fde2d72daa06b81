package dev.triage.export.transformer;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.triage.export.OnnxProtos;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Weights of a BERT-family ONNX export, under Hugging Face's state-dict names. PyTorch's exporter
 * names biases and norms after their modules but stores each Linear weight as an anonymous,
 * transposed MatMul constant ({@code onnx::MatMul_787}); such a weight is named after the bias of
 * the Add that follows its MatMul, and transposed back to PyTorch's {@code [out, in]}.
 */
public final class OnnxEncoderWeights {

    private OnnxEncoderWeights() {
    }

    public static Map<String, Tensor> read(Path onnx) throws IOException {
        ModelProto model = OnnxProtos.read(onnx);
        GraphProto graph = model.getGraph();
        Map<String, TensorProto> initializers = new LinkedHashMap<>();
        graph.getInitializerList().forEach(t -> initializers.put(t.getName(), t));
        Map<String, NodeProto> consumerOf = new HashMap<>();
        for (NodeProto node : graph.getNodeList()) {
            for (String input : node.getInputList()) {
                consumerOf.putIfAbsent(input, node);
            }
        }
        Map<String, Tensor> weights = new LinkedHashMap<>();
        for (TensorProto tensor : initializers.values()) {
            if (tensor.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
                continue; // position_ids and other integer buffers
            }
            Tensor value = new Tensor(tensor.getDimsList().stream().mapToLong(Long::longValue).toArray(), OnnxProtos.floats(tensor));
            if (!tensor.getName().startsWith("onnx::")) {
                weights.put(tensor.getName(), value);
                continue;
            }
            NodeProto matMul = consumerOf.get(tensor.getName());
            NodeProto add = matMul == null ? null : consumerOf.get(matMul.getOutput(0));
            String bias = add == null || !add.getOpType().equals("Add") ? null
                    : add.getInputList().stream().filter(i -> i.endsWith(".bias") && initializers.containsKey(i)).findFirst().orElse(null);
            if (matMul == null || !matMul.getOpType().equals("MatMul") || bias == null) {
                throw new IOException(onnx + ": cannot tell which module the anonymous weight " + tensor.getName() + " belongs to");
            }
            weights.put(bias.substring(0, bias.length() - ".bias".length()) + ".weight", value.transposed());
        }
        return weights;
    }
}
