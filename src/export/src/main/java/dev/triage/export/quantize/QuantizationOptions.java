package dev.triage.export.quantize;

/**
 * What the dynamic int8 rewrite quantizes, and how. {@link #defaults()} is what measured best (see
 * the project's docs on quantization): weights int8 per output channel, activations uint8 per tensor
 * at run time, the word-embedding table int8 per row; the classification head and the first
 * down-projection kept in fp32; ONNX Runtime's own kernels.
 *
 * @param weights     one scale per output channel of each weight, or one per weight
 * @param weightType  int8 (zero point 0), or uint8 (zero point 128, the same values shifted): with uint8
 *                    activations, int8 weights are the pair x86's VNNI instructions multiply
 * @param embeddings  quantize vocabulary-sized embedding tables (Gather) to int8 with a scale per row
 * @param head        quantize the classification head too (the MatMul or Gemm that makes the logits)
 * @param firstDownProjection quantize the first down-projection too: the first weight with at least
 *                    twice as many inputs as outputs that is not the head, the feed-forward output of a
 *                    transformer's first layer, whose input
 *                    (GELU of the widened activations) holds the largest values of the network, so that
 *                    one uint8 scale per tensor rounds the rest of it coarsely
 * @param operators   which operators the rewritten graph uses
 * @param excluded    nodes to leave in fp32: a regular expression matched against each node's name and
 *                    its weight's name (such as {@code .*output\.dense.*}); null for none
 */
public record QuantizationOptions(Granularity weights, WeightType weightType, boolean embeddings, boolean head,
                                  boolean firstDownProjection, Operators operators, java.util.regex.Pattern excluded) {

    /** The method recorded in triage.json and accepted by recipes. */
    public static final String METHOD = "dynamic-int8";

    public enum Granularity {
        PER_CHANNEL("per-channel"),
        PER_TENSOR("per-tensor");

        private final String id;

        Granularity(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    public enum WeightType {
        INT8("int8"),
        UINT8("uint8");

        private final String id;

        WeightType(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    public enum Operators {
        /**
         * Standard ONNX operators only: DynamicQuantizeLinear, MatMulInteger, Cast, Mul, Add. Any runtime
         * of opset 11 or later runs the graph; ONNX Runtime fuses each group into its DynamicQuantizeMatMul
         * kernel while it optimises the session.
         */
        STANDARD("onnx"),
        /**
         * ONNX Runtime's own kernels (domain com.microsoft), the fastest in ONNX Runtime: DynamicQuantizeMatMul
         * for each quantized MatMul, and SkipLayerNormalization for each residual Add + LayerNormalization.
         * A runtime without them refuses the graph, naming the operator.
         */
        ONNX_RUNTIME("com.microsoft");

        private final String id;

        Operators(String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    public QuantizationOptions {
        if (weights == null || weightType == null || operators == null) {
            throw new IllegalArgumentException("weights, weightType and operators must be set");
        }
    }

    public static QuantizationOptions defaults() {
        return new QuantizationOptions(Granularity.PER_CHANNEL, WeightType.INT8, true, false, false, Operators.ONNX_RUNTIME, null);
    }

    public QuantizationOptions withWeights(Granularity newWeights) {
        return new QuantizationOptions(newWeights, weightType, embeddings, head, firstDownProjection, operators, excluded);
    }

    public QuantizationOptions withWeightType(WeightType newWeightType) {
        return new QuantizationOptions(weights, newWeightType, embeddings, head, firstDownProjection, operators, excluded);
    }

    public QuantizationOptions withEmbeddings(boolean newEmbeddings) {
        return new QuantizationOptions(weights, weightType, newEmbeddings, head, firstDownProjection, operators, excluded);
    }

    public QuantizationOptions withHead(boolean newHead) {
        return new QuantizationOptions(weights, weightType, embeddings, newHead, firstDownProjection, operators, excluded);
    }

    public QuantizationOptions withExcluded(java.util.regex.Pattern newExcluded) {
        return new QuantizationOptions(weights, weightType, embeddings, head, firstDownProjection, operators, newExcluded);
    }

    /** Whether a node, named or reading a weight of that name, is to stay fp32. */
    boolean excludes(String name) {
        return excluded != null && excluded.matcher(name).matches();
    }

    public QuantizationOptions withFirstDownProjection(boolean newFirstDownProjection) {
        return new QuantizationOptions(weights, weightType, embeddings, head, newFirstDownProjection, operators, excluded);
    }

    public QuantizationOptions withOperators(Operators newOperators) {
        return new QuantizationOptions(weights, weightType, embeddings, head, firstDownProjection, newOperators, excluded);
    }
}
