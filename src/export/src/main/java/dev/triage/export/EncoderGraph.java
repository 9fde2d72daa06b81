package dev.triage.export;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.triage.core.logits.TokenInputs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A BERT-family encoder exported to ONNX: token inputs ({@code input_ids}, {@code attention_mask},
 * optionally {@code token_type_ids}) to {@code last_hidden_state} {@code [batch, sequence, hidden]},
 * as Hugging Face's exporters write it for the {@code feature-extraction} task.
 */
public final class EncoderGraph {

    public static final String LAST_HIDDEN_STATE = "last_hidden_state";

    private final ModelProto model;
    private final Set<String> inputs;
    private final int hiddenSize;

    private EncoderGraph(ModelProto model, Set<String> inputs, int hiddenSize) {
        this.model = model;
        this.inputs = inputs;
        this.hiddenSize = hiddenSize;
    }

    public static EncoderGraph read(Path onnx) throws IOException {
        return of(OnnxProtos.read(onnx), onnx.toString());
    }

    /** Checks that {@code model} is an encoder this project can put a head on. */
    public static EncoderGraph of(ModelProto model, String source) {
        Set<String> initializers = new java.util.HashSet<>();
        model.getGraph().getInitializerList().forEach(t -> initializers.add(t.getName()));
        Set<String> inputs = new LinkedHashSet<>();
        for (ValueInfoProto input : model.getGraph().getInputList()) {
            if (initializers.contains(input.getName())) {
                continue; // old exporters list weights as inputs too
            }
            if (!TokenInputs.KNOWN.contains(input.getName())) {
                throw new IllegalArgumentException(source + ": encoder input '" + input.getName()
                        + "' is not one a tokenizer gives " + TokenInputs.KNOWN);
            }
            inputs.add(input.getName());
        }
        if (!inputs.contains(TokenInputs.INPUT_IDS) || !inputs.contains(TokenInputs.ATTENTION_MASK)) {
            throw new IllegalArgumentException(source + ": an encoder must take input_ids and attention_mask; it takes " + inputs);
        }
        ValueInfoProto output = model.getGraph().getOutputList().stream()
                .filter(o -> o.getName().equals(LAST_HIDDEN_STATE)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(source + ": no output '" + LAST_HIDDEN_STATE
                        + "'; outputs are " + model.getGraph().getOutputList().stream().map(ValueInfoProto::getName).toList()));
        List<TensorShapeProto.Dimension> dims = output.getType().getTensorType().getShape().getDimList();
        if (dims.size() != 3 || !dims.get(2).hasDimValue()) {
            throw new IllegalArgumentException(source + ": " + LAST_HIDDEN_STATE
                    + " must be [batch, sequence, hidden] with a fixed hidden size");
        }
        return new EncoderGraph(model, inputs, (int) dims.get(2).getDimValue());
    }

    public ModelProto model() {
        return model;
    }

    /** The token inputs the encoder takes. */
    public Set<String> inputs() {
        return inputs;
    }

    public int hiddenSize() {
        return hiddenSize;
    }

    public long opset() {
        return OnnxProtos.defaultOpset(model);
    }
}
