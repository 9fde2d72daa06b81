package dev.triage.export.quantize;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import dev.triage.export.OnnxProtos;
import dev.triage.export.quantize.QuantizationOptions.Granularity;
import dev.triage.export.quantize.QuantizationOptions.Operators;
import dev.triage.export.quantize.QuantizationOptions.WeightType;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Dynamic int8 quantization of an ONNX graph, the rewrite ONNX Runtime's {@code quantize_dynamic}
 * does, on ONNX's protobuf classes:
 *
 * <ul>
 *   <li>every MatMul and Gemm whose weight is a constant float matrix computes in integers: the weight
 *       becomes an int8 initializer with its scales, the activation is quantized to uint8 as each run
 *       goes ({@code DynamicQuantizeLinear}), the int32 product is scaled back to float and the bias
 *       added: {@code MatMulInteger → Cast → Mul → Add}, the pattern ONNX Runtime fuses into one
 *       {@code DynamicQuantizeMatMul} kernel (uint8 × int8, the pair x86's VNNI instructions multiply);
 *   <li>vocabulary-sized embedding tables are stored in int8 with a scale per row, and only the rows a
 *       text uses are turned back into float ({@code Gather → Cast → Mul});
 *   <li>everything else stays fp32: LayerNorm, Softmax, GELU, the attention products of two
 *       activations, and by default the classification head.
 * </ul>
 *
 * <p>The rewrite replaces nodes in place, so the graph stays in topological order. It refuses a graph
 * that is quantized already, and one with nothing to quantize.
 */
public final class DynamicInt8Quantizer {

    /** Operators that show a graph has been quantized before. */
    static final Set<String> QUANTIZED_OPERATORS = Set.of("DynamicQuantizeLinear", "MatMulInteger", "QuantizeLinear",
            "DequantizeLinear", "QLinearMatMul", "QLinearConv", "ConvInteger", "DynamicQuantizeMatMul",
            "MatMulIntegerToFloat", "QAttention", "QGemm", "QEmbedLayerNormalization", "MatMulNBits",
            "DynamicQuantizeLSTM", "GatherBlockQuantized");

    /** An embedding table this long is a vocabulary (word pieces); position and token-type tables are far shorter. */
    static final int MIN_VOCABULARY_ROWS = 1024;

    /** DynamicQuantizeLinear arrived in opset 11. */
    static final long MIN_OPSET = 11;

    static final String MICROSOFT_DOMAIN = "com.microsoft";

    private final ModelProto model;
    private final GraphProto graph;
    private final QuantizationOptions options;
    private final String source;
    private final Map<String, TensorProto> initializers = new LinkedHashMap<>();
    private final Map<String, List<NodeProto>> consumers = new HashMap<>();
    private final Map<String, NodeProto> producers = new HashMap<>();
    private final Set<String> graphOutputs = new HashSet<>();
    private final Set<String> names = new HashSet<>();
    private final List<NodeProto> rewritten = new ArrayList<>();
    private final List<TensorProto> added = new ArrayList<>();
    private final Set<NodeProto> absorbed = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private final List<String> quantizedMatMuls = new ArrayList<>();
    private final List<String> quantizedTables = new ArrayList<>();
    private final List<String> keptFp32 = new ArrayList<>();
    private int fusedLayerNorms;

    private DynamicInt8Quantizer(ModelProto model, QuantizationOptions options, String source) {
        this.model = model;
        this.graph = model.getGraph();
        this.options = options;
        this.source = source;
    }

    /** The rewritten model and what was done. */
    public record Result(ModelProto model, QuantizationReport report) {
    }

    /**
     * Quantizes a model.
     *
     * @param source names the model in errors (its file)
     * @throws NotQuantizableException for a graph quantized already, one older than opset 11, or one
     *                                 without a MatMul or Gemm on a constant float weight
     */
    public static Result quantize(ModelProto model, QuantizationOptions options, String source) {
        return new DynamicInt8Quantizer(model, options, source).run();
    }

    private Result run() {
        refuseQuantized();
        long opset = OnnxProtos.defaultOpset(model);
        if (opset < MIN_OPSET) {
            throw new NotQuantizableException(source + ": the graph is written for opset " + opset
                    + "; dynamic quantization needs opset " + MIN_OPSET + " or later (DynamicQuantizeLinear)");
        }
        index();
        Set<NodeProto> heads = heads();
        NodeProto firstDown = options.firstDownProjection() ? null : firstDownProjection(heads);
        for (NodeProto node : graph.getNodeList()) {
            if (absorbed.contains(node)) {
                continue;
            }
            boolean done = switch (node.getDomain().isEmpty() ? node.getOpType() : "") {
                case "MatMul", "Gemm" -> rewriteLinear(node, heads.contains(node), node == firstDown);
                case "Gather" -> options.embeddings() && rewriteEmbedding(node);
                default -> false;
            };
            if (!done) {
                rewritten.add(node);
            }
        }
        if (options.operators() == Operators.ONNX_RUNTIME) {
            fuseSkipLayerNorms();
        }
        if (quantizedMatMuls.isEmpty()) {
            throw new NotQuantizableException(source + ": nothing to quantize: the graph has no MatMul or Gemm whose weight "
                    + "is a constant float matrix" + (keptFp32.isEmpty() ? "" : " (left as they are: " + keptFp32 + ")"));
        }
        ModelProto quantized = assemble();
        long before = weightBytes(graph.getInitializerList());
        long after = weightBytes(quantized.getGraph().getInitializerList());
        return new Result(quantized, new QuantizationReport(options, quantizedMatMuls, quantizedTables, keptFp32, fusedLayerNorms,
                before, after));
    }

    private void refuseQuantized() {
        Set<String> found = new TreeSet<>();
        for (NodeProto node : graph.getNodeList()) {
            if (QUANTIZED_OPERATORS.contains(node.getOpType())) {
                found.add(node.getOpType());
            }
        }
        if (!found.isEmpty()) {
            throw new NotQuantizableException(source + ": the graph is quantized already (it holds " + String.join(", ", found)
                    + " nodes); quantize its fp32 source instead");
        }
    }

    private void index() {
        graph.getInitializerList().forEach(t -> initializers.put(t.getName(), t));
        for (NodeProto node : graph.getNodeList()) {
            for (String input : node.getInputList()) {
                consumers.computeIfAbsent(input, k -> new ArrayList<>()).add(node);
            }
            node.getOutputList().forEach(output -> producers.put(output, node));
            names.addAll(node.getInputList());
            names.addAll(node.getOutputList());
            names.add(node.getName());
        }
        graph.getOutputList().forEach(output -> graphOutputs.add(output.getName()));
        graph.getInputList().forEach(input -> names.add(input.getName()));
        names.addAll(initializers.keySet());
    }

    /**
     * The classification head: the MatMul or Gemm each graph output comes from, through bias Adds and
     * Identities (the last linear layer; a pooler or pre-classifier before it is not the head).
     */
    private Set<NodeProto> heads() {
        Set<NodeProto> heads = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (String output : graphOutputs) {
            NodeProto node = producers.get(output);
            while (node != null && (node.getOpType().equals("Add") || node.getOpType().equals("Identity"))) {
                List<String> computed = node.getInputList().stream().filter(i -> !initializers.containsKey(i)).toList();
                node = computed.size() == 1 ? producers.get(computed.get(0)) : null;
            }
            if (node != null && (node.getOpType().equals("MatMul") || node.getOpType().equals("Gemm"))) {
                heads.add(node);
            }
        }
        return heads;
    }

    /**
     * The first weight, in graph order, that narrows its input at least twofold and is not the head:
     * in a transformer, the first layer's feed-forward output (1536 → 384 in MiniLM).
     */
    private NodeProto firstDownProjection(Set<NodeProto> heads) {
        for (NodeProto node : graph.getNodeList()) {
            boolean linear = node.getDomain().isEmpty() && (node.getOpType().equals("MatMul") || node.getOpType().equals("Gemm"));
            TensorProto weight = linear && node.getInputCount() > 1 ? initializers.get(node.getInput(1)) : null;
            if (weight == null || weight.getDimsCount() != 2 || heads.contains(node)) {
                continue;
            }
            boolean transposed = node.getOpType().equals("Gemm") && attribute(node, "transB", 0) != 0;
            long inputs = weight.getDims(transposed ? 1 : 0);
            long outputs = weight.getDims(transposed ? 0 : 1);
            if (inputs >= 2 * outputs) {
                return node;
            }
        }
        return null;
    }

    /** A MatMul or Gemm on a constant weight, rewritten to integer arithmetic; false when it stays fp32. */
    private boolean rewriteLinear(NodeProto node, boolean head, boolean firstDown) {
        String label = describe(node);
        if (head && !options.head()) {
            keptFp32.add(label + ": the classification head");
            return false;
        }
        if (firstDown) {
            keptFp32.add(label + ": the first down-projection, whose input holds the largest activations");
            return false;
        }
        boolean readsAWeight = node.getInputCount() > 1 && initializers.containsKey(node.getInput(1));
        if (readsAWeight && (options.excludes(node.getName()) || options.excludes(node.getInput(1)))) {
            keptFp32.add(label + ": excluded by name");
            return false;
        }
        Linear linear = node.getOpType().equals("Gemm") ? gemm(node) : matMul(node);
        if (linear.reason != null) {
            if (linear.reason.isEmpty()) {
                return false; // a product of two activations (attention): not a weight, never quantized
            }
            keptFp32.add(label + ": " + linear.reason);
            return false;
        }
        String base = baseName(node);
        SymmetricInt8.Quantized q = options.weights() == Granularity.PER_CHANNEL
                ? SymmetricInt8.perColumn(linear.weight, linear.rows, linear.columns, label)
                : SymmetricInt8.perTensor(linear.weight, label);
        long[] scaleShape = options.weights() == Granularity.PER_CHANNEL ? new long[] {linear.columns} : new long[0];
        String weight;
        String weightZero = "";
        if (options.weightType() == WeightType.UINT8) {
            // the same values shifted by 128, which the zero point takes back out
            weight = addInitializer(uint8Tensor(fresh(base + "/weight_uint8"), new long[] {linear.rows, linear.columns},
                    shifted(q.values())));
            byte[] zeros = new byte[q.scales().length];
            java.util.Arrays.fill(zeros, (byte) 128);
            weightZero = addInitializer(uint8Tensor(fresh(base + "/weight_zero_point"), scaleShape, zeros));
        } else {
            weight = addInitializer(OnnxProtos.int8Tensor(fresh(base + "/weight_int8"),
                    new long[] {linear.rows, linear.columns}, q.values()));
        }
        String weightScale = addInitializer(OnnxProtos.floatTensor(fresh(base + "/weight_scale"), scaleShape, q.scales()));
        String x = node.getInput(0);
        if (options.operators() == Operators.ONNX_RUNTIME) {
            List<String> inputs = linear.bias == null
                    ? (weightZero.isEmpty() ? List.of(x, weight, weightScale) : List.of(x, weight, weightScale, weightZero))
                    : List.of(x, weight, weightScale, weightZero, linear.bias);
            rewritten.add(NodeProto.newBuilder().setOpType("DynamicQuantizeMatMul").setDomain(MICROSOFT_DOMAIN)
                    .setName(fresh(base + "/DynamicQuantizeMatMul")).addAllInput(inputs).addOutput(linear.output).build());
        } else {
            String xq = fresh(base + "/input_uint8");
            String xScale = fresh(base + "/input_scale");
            String xZero = fresh(base + "/input_zero_point");
            emit("DynamicQuantizeLinear", base, List.of(x), List.of(xq, xScale, xZero));
            // (input scale × weight scales) first: ONNX Runtime's fusion takes the Mul whose inputs are
            // the two scales, in this order, as MatMulIntegerToFloat's a_scale and b_scale.
            String scale = emit("Mul", base + "/scales", List.of(xScale, weightScale));
            String product = emit("MatMulInteger", base, weightZero.isEmpty() ? List.of(xq, weight, xZero)
                    : List.of(xq, weight, xZero, weightZero));
            String asFloat = emit("Cast", base, List.of(product), OnnxProtos.integer("to", TensorProto.DataType.FLOAT_VALUE));
            if (linear.bias == null) {
                rewritten.add(OnnxProtos.node("Mul", fresh(base + "/rescale"), List.of(asFloat, scale), List.of(linear.output)));
            } else {
                String scaled = emit("Mul", base + "/rescale", List.of(asFloat, scale));
                rewritten.add(OnnxProtos.node("Add", fresh(base + "/bias"), List.of(scaled, linear.bias), List.of(linear.output)));
            }
        }
        quantizedMatMuls.add(label);
        return true;
    }

    private static TensorProto uint8Tensor(String name, long[] dims, byte[] values) {
        return OnnxProtos.int8Tensor(name, dims, values).toBuilder().setDataType(TensorProto.DataType.UINT8_VALUE).build();
    }

    private static byte[] shifted(byte[] values) {
        byte[] result = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            result[i] = (byte) (values[i] + 128);
        }
        return result;
    }

    /** A float weight {@code [rows, columns]} for {@code x · W}, its bias, and the output name; or why not. */
    private static final class Linear {
        float[] weight;
        int rows;
        int columns;
        String bias;
        String output;
        String reason;

        static Linear not(String reason) {
            Linear linear = new Linear();
            linear.reason = reason;
            return linear;
        }
    }

    private Linear matMul(NodeProto node) {
        if (node.getInputCount() != 2 || initializers.containsKey(node.getInput(0))) {
            return Linear.not("its first input is a constant");
        }
        TensorProto b = initializers.get(node.getInput(1));
        if (b == null) {
            return Linear.not("");
        }
        if (b.getDataType() != TensorProto.DataType.FLOAT_VALUE || b.getDimsCount() != 2) {
            return Linear.not("its weight is not a float matrix");
        }
        Linear linear = new Linear();
        linear.rows = (int) b.getDims(0);
        linear.columns = (int) b.getDims(1);
        linear.weight = OnnxProtos.floats(b);
        linear.output = node.getOutput(0);
        // Take in the bias Add that follows, so that the integer product, its scaling and the bias fuse
        // into one kernel (the bias must be Add's second input for ONNX Runtime's fusion to see it).
        List<NodeProto> next = consumers.getOrDefault(linear.output, List.of());
        if (next.size() == 1 && !graphOutputs.contains(linear.output) && next.get(0).getOpType().equals("Add")
                && next.get(0).getDomain().isEmpty() && next.get(0).getInputCount() == 2) {
            NodeProto add = next.get(0);
            String other = add.getInput(0).equals(linear.output) ? add.getInput(1) : add.getInput(0);
            TensorProto bias = initializers.get(other);
            if (bias != null && bias.getDataType() == TensorProto.DataType.FLOAT_VALUE && bias.getDimsCount() == 1
                    && bias.getDims(0) == linear.columns && !other.equals(linear.output)) {
                linear.bias = other;
                linear.output = add.getOutput(0);
                absorbed.add(add);
            }
        }
        return linear;
    }

    private Linear gemm(NodeProto node) {
        if (attribute(node, "transA", 0) != 0) {
            return Linear.not("Gemm with transA is not rewritten");
        }
        TensorProto b = node.getInputCount() > 1 ? initializers.get(node.getInput(1)) : null;
        if (b == null || b.getDataType() != TensorProto.DataType.FLOAT_VALUE || b.getDimsCount() != 2) {
            return Linear.not("its weight is not a constant float matrix");
        }
        if (initializers.containsKey(node.getInput(0))) {
            return Linear.not("its first input is a constant");
        }
        float alpha = floatAttribute(node, "alpha", 1f);
        float beta = floatAttribute(node, "beta", 1f);
        float[] values = OnnxProtos.floats(b);
        int bRows = (int) b.getDims(0);
        int bColumns = (int) b.getDims(1);
        boolean transposed = attribute(node, "transB", 0) != 0;
        Linear linear = new Linear();
        linear.rows = transposed ? bColumns : bRows;
        linear.columns = transposed ? bRows : bColumns;
        linear.weight = new float[values.length];
        for (int r = 0; r < bRows; r++) {
            for (int c = 0; c < bColumns; c++) {
                int target = transposed ? c * bRows + r : r * bColumns + c;
                linear.weight[target] = alpha * values[r * bColumns + c];
            }
        }
        linear.output = node.getOutput(0);
        if (node.getInputCount() > 2 && !node.getInput(2).isEmpty()) {
            TensorProto c = initializers.get(node.getInput(2));
            if (c == null || c.getDataType() != TensorProto.DataType.FLOAT_VALUE) {
                return Linear.not("its bias is not a constant float tensor");
            }
            float[] bias = OnnxProtos.floats(c);
            if (bias.length != 1 && bias.length != linear.columns) {
                return Linear.not("its bias is not one value per output");
            }
            float[] perColumn = new float[linear.columns];
            for (int i = 0; i < perColumn.length; i++) {
                perColumn[i] = beta * bias[bias.length == 1 ? 0 : i];
            }
            linear.bias = addInitializer(OnnxProtos.floatTensor(fresh(baseName(node) + "/bias"),
                    new long[] {linear.columns}, perColumn));
        }
        return linear;
    }

    /** A Gather from a vocabulary-sized float table, rewritten to gather int8 rows and scale them. */
    private boolean rewriteEmbedding(NodeProto node) {
        TensorProto table = node.getInputCount() == 2 ? initializers.get(node.getInput(0)) : null;
        if (table == null || table.getDataType() != TensorProto.DataType.FLOAT_VALUE || table.getDimsCount() != 2
                || table.getDims(0) < MIN_VOCABULARY_ROWS || attribute(node, "axis", 0) != 0) {
            return false;
        }
        if (options.excludes(node.getName()) || options.excludes(table.getName())) {
            keptFp32.add(describe(node) + ": excluded by name");
            return false;
        }
        if (consumers.get(table.getName()).size() > 1) {
            keptFp32.add(describe(node) + ": its table " + table.getName() + " is used elsewhere too");
            return false;
        }
        int rows = (int) table.getDims(0);
        int columns = (int) table.getDims(1);
        SymmetricInt8.Quantized q = SymmetricInt8.perRow(OnnxProtos.floats(table), rows, columns, table.getName());
        String base = baseName(node);
        String values = addInitializer(OnnxProtos.int8Tensor(fresh(table.getName() + "_int8"), new long[] {rows, columns}, q.values()));
        // [rows, 1]: the gathered scales broadcast over each row's values without a reshape.
        String scales = addInitializer(OnnxProtos.floatTensor(fresh(table.getName() + "_row_scale"), new long[] {rows, 1}, q.scales()));
        String ids = node.getInput(1);
        String gathered = emit("Gather", base + "/int8_rows", List.of(values, ids));
        String rowScales = emit("Gather", base + "/row_scales", List.of(scales, ids));
        String asFloat = emit("Cast", base, List.of(gathered), OnnxProtos.integer("to", TensorProto.DataType.FLOAT_VALUE));
        rewritten.add(OnnxProtos.node("Mul", fresh(base + "/dequantize"), List.of(asFloat, rowScales), node.getOutputList()));
        quantizedTables.add(table.getName());
        return true;
    }

    /**
     * Each residual Add and the LayerNormalization after it become ONNX Runtime's SkipLayerNormalization.
     * ONNX Runtime makes this fusion itself only when the sequence length is fixed in the graph, and its
     * LayerNormalization kernel is several times slower here than SkipLayerNormalization (measured 2.2
     * against 0.33 ms for [32, 23, 384]), a cost that int8's faster MatMuls leave exposed. Residual: one
     * of the Add's inputs is the previous LayerNormalization's output, so both are [batch, sequence, hidden].
     */
    private void fuseSkipLayerNorms() {
        Map<String, NodeProto> producer = new HashMap<>();
        Map<String, Integer> uses = new HashMap<>();
        for (NodeProto node : rewritten) {
            node.getOutputList().forEach(output -> producer.put(output, node));
            node.getInputList().forEach(input -> uses.merge(input, 1, Integer::sum));
        }
        Map<NodeProto, NodeProto> fused = new java.util.IdentityHashMap<>();
        Set<NodeProto> residualAdds = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (NodeProto norm : rewritten) {
            if (!norm.getOpType().equals("LayerNormalization") || !norm.getDomain().isEmpty() || attribute(norm, "axis", -1) != -1
                    || norm.getInputCount() < 2) {
                continue;
            }
            NodeProto add = producer.get(norm.getInput(0));
            if (add == null || !add.getOpType().equals("Add") || !add.getDomain().isEmpty() || add.getInputCount() != 2
                    || uses.getOrDefault(add.getOutput(0), 0) != 1 || graphOutputs.contains(add.getOutput(0))) {
                continue;
            }
            boolean residual = add.getInputList().stream().map(producer::get)
                    .anyMatch(p -> p != null && (p.getOpType().equals("LayerNormalization") || p.getOpType().equals("SkipLayerNormalization")));
            if (!residual) {
                continue;
            }
            NodeProto.Builder skip = NodeProto.newBuilder().setOpType("SkipLayerNormalization").setDomain(MICROSOFT_DOMAIN)
                    .setName(fresh(norm.getName().isEmpty() ? norm.getOutput(0) + "/SkipLayerNormalization" : norm.getName() + "/skip"))
                    .addInput(add.getInput(0)).addInput(add.getInput(1)).addInput(norm.getInput(1))
                    .addOutput(norm.getOutput(0));
            if (norm.getInputCount() > 2) {
                skip.addInput(norm.getInput(2));
            }
            // ONNX's LayerNormalization defaults to 1e-5, SkipLayerNormalization to 1e-12: always say which.
            skip.addAttribute(AttributeProto.newBuilder().setName("epsilon").setType(AttributeProto.AttributeType.FLOAT)
                    .setF(floatAttribute(norm, "epsilon", 1e-5f)));
            fused.put(norm, skip.build());
            residualAdds.add(add);
        }
        List<NodeProto> result = new ArrayList<>();
        for (NodeProto node : rewritten) {
            if (!residualAdds.contains(node)) {
                // the fused node takes the LayerNormalization's place, after both of the Add's inputs
                result.add(fused.getOrDefault(node, node));
            }
        }
        rewritten.clear();
        rewritten.addAll(result);
        fusedLayerNorms = fused.size();
    }

    private ModelProto assemble() {
        GraphProto.Builder out = graph.toBuilder().clearNode().addAllNode(rewritten).clearInitializer();
        Set<String> used = new HashSet<>(graphOutputs);
        boolean subgraphs = false;
        for (NodeProto node : rewritten) {
            used.addAll(node.getInputList());
            subgraphs |= node.getAttributeList().stream().anyMatch(a -> a.hasG() || a.getGraphsCount() > 0);
        }
        List<TensorProto> all = new ArrayList<>(initializers.values());
        all.addAll(added);
        Set<String> kept = new HashSet<>();
        for (TensorProto tensor : all) {
            // A subgraph may read any outer value: only a graph without subgraphs drops what it no longer uses.
            if (subgraphs || used.contains(tensor.getName())) {
                out.addInitializer(tensor);
                kept.add(tensor.getName());
            }
        }
        Set<String> dropped = new HashSet<>(initializers.keySet());
        dropped.removeAll(kept);
        List<ValueInfoProto> inputs = graph.getInputList().stream().filter(i -> !dropped.contains(i.getName())).toList();
        out.clearInput().addAllInput(inputs);
        Set<String> produced = new HashSet<>();
        rewritten.forEach(n -> produced.addAll(n.getOutputList()));
        out.clearValueInfo().addAllValueInfo(graph.getValueInfoList().stream().filter(v -> produced.contains(v.getName())).toList());
        ModelProto.Builder result = model.toBuilder().setGraph(out);
        boolean hasMicrosoft = model.getOpsetImportList().stream().anyMatch(o -> o.getDomain().equals(MICROSOFT_DOMAIN));
        if (options.operators() == Operators.ONNX_RUNTIME && !hasMicrosoft) {
            result.addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(MICROSOFT_DOMAIN).setVersion(1));
        }
        return result.build();
    }

    private String emit(String opType, String base, List<String> inputs, AttributeProto... attributes) {
        String output = fresh(base + "/" + opType);
        rewritten.add(OnnxProtos.node(opType, fresh(base + "/" + opType + "_node"), inputs, List.of(output), attributes));
        return output;
    }

    private void emit(String opType, String base, List<String> inputs, List<String> outputs) {
        rewritten.add(OnnxProtos.node(opType, fresh(base + "/" + opType + "_node"), inputs, outputs));
    }

    private String addInitializer(TensorProto tensor) {
        added.add(tensor);
        return tensor.getName();
    }

    /** A name no value or node of the graph has yet. */
    private String fresh(String wanted) {
        String name = wanted;
        for (int i = 1; !names.add(name); i++) {
            name = wanted + "_" + i;
        }
        return name;
    }

    private static String baseName(NodeProto node) {
        return node.getName().isEmpty() ? node.getOutput(0) : node.getName();
    }

    private static String describe(NodeProto node) {
        return node.getOpType() + " '" + baseName(node) + "'";
    }

    private static long attribute(NodeProto node, String name, long fallback) {
        return node.getAttributeList().stream().filter(a -> a.getName().equals(name)).mapToLong(AttributeProto::getI)
                .findFirst().orElse(fallback);
    }

    private static float floatAttribute(NodeProto node, String name, float fallback) {
        return node.getAttributeList().stream().filter(a -> a.getName().equals(name)).map(AttributeProto::getF)
                .findFirst().orElse(fallback);
    }

    /** Bytes the initializers' values take, whichever field holds them. */
    static long weightBytes(List<TensorProto> tensors) {
        long total = 0;
        for (TensorProto tensor : tensors) {
            long elements = 1;
            for (long dim : tensor.getDimsList()) {
                elements *= dim;
            }
            total += elements * switch (TensorProto.DataType.forNumber(tensor.getDataType())) {
                case INT8, UINT8, BOOL -> 1;
                case INT16, UINT16, FLOAT16, BFLOAT16 -> 2;
                case INT64, UINT64, DOUBLE -> 8;
                default -> 4;
            };
        }
        return total;
    }
}
