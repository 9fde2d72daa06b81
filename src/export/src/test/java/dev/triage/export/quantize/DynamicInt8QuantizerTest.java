package dev.triage.export.quantize;

import static dev.triage.export.quantize.TinyGraphs.initializer;
import static dev.triage.export.quantize.TinyGraphs.ops;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import dev.triage.export.OnnxProtos;
import dev.triage.export.quantize.QuantizationOptions.Granularity;
import dev.triage.export.quantize.QuantizationOptions.Operators;
import dev.triage.export.quantize.QuantizationOptions.WeightType;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rewrite on graphs small enough to check every node, initializer and output by hand. */
class DynamicInt8QuantizerTest {

    static final float[][] X = {{0.5f, -1.0f, 0.25f, 0.9f}, {-0.3f, 0.8f, -0.6f, 0.1f}};
    /** Standard operators, to see each step of the integer arithmetic as a node. */
    static final QuantizationOptions STANDARD = QuantizationOptions.defaults().withOperators(Operators.STANDARD);

    @TempDir
    Path dir;

    @Test
    void rewritesAWeightMatMulIntoTheIntegerPatternOnnxRuntimeFuses() {
        ModelProto quantized = DynamicInt8Quantizer.quantize(TinyGraphs.mlp(17), STANDARD, "mlp").model();

        assertThat(ops(quantized)).isEqualTo("DynamicQuantizeLinear Mul MatMulInteger Cast Mul Add Relu Gemm");
        List<NodeProto> nodes = quantized.getGraph().getNodeList();
        NodeProto quantize = nodes.get(0);
        assertThat(quantize.getInputList()).containsExactly("x");
        String xq = quantize.getOutput(0);
        String xScale = quantize.getOutput(1);
        String xZero = quantize.getOutput(2);
        assertThat(nodes.get(1).getInputList()).containsExactly(xScale, "hidden/MatMul/weight_scale");
        assertThat(nodes.get(2).getInputList()).containsExactly(xq, "hidden/MatMul/weight_int8", xZero);
        assertThat(nodes.get(3).getInputList()).containsExactly(nodes.get(2).getOutput(0));
        assertThat(TinyGraphs.intAttribute(nodes.get(3), "to")).isEqualTo(TensorProto.DataType.FLOAT_VALUE);
        assertThat(nodes.get(4).getInputList()).containsExactly(nodes.get(3).getOutput(0), nodes.get(1).getOutput(0));
        // The bias Add is taken in, with the bias second, and keeps the original output name.
        assertThat(nodes.get(5).getInputList()).containsExactly(nodes.get(4).getOutput(0), "b1");
        assertThat(nodes.get(5).getOutputList()).containsExactly("pre");
        assertThat(nodes.get(7)).isEqualTo(TinyGraphs.mlp(17).getGraph().getNode(3)); // the head, untouched

        TensorProto weight = initializer(quantized, "hidden/MatMul/weight_int8");
        assertThat(weight.getDataType()).isEqualTo(TensorProto.DataType.INT8_VALUE);
        assertThat(weight.getDimsList()).containsExactly(4L, 3L);
        assertThat(weight.getRawData().toByteArray()).containsExactly(
                127, -127, 0,
                -64, 50, 0,
                0, 25, 0,
                13, 1, 0);
        assertThat(OnnxProtos.floats(initializer(quantized, "hidden/MatMul/weight_scale")))
                .containsExactly(new float[] {0.01f, 0.02f, 1f}, within(1e-8f));
        List<String> initializers = quantized.getGraph().getInitializerList().stream().map(TensorProto::getName).toList();
        assertThat(initializers).doesNotContain("w1").contains("b1", "w2", "b2");
    }

    @Test
    void computesWhatTheIntegerArithmeticSays() throws Exception {
        ModelProto quantized = DynamicInt8Quantizer.quantize(TinyGraphs.mlp(17), STANDARD, "mlp").model();
        float[][] logits = TinyGraphs.runMlp(quantized, dir, "int8.onnx", X);
        float[][] expected = integerReference(X);
        for (int row = 0; row < X.length; row++) {
            assertThat(logits[row]).containsExactly(expected[row], within(1e-5f));
        }
        float[][] fp32 = TinyGraphs.runMlp(TinyGraphs.mlp(17), dir, "fp32.onnx", X);
        for (int row = 0; row < X.length; row++) {
            assertThat(logits[row]).containsExactly(fp32[row], within(0.05f));
        }
    }

    @Test
    void quantizesTheHeadOnlyWhenAsked() throws Exception {
        DynamicInt8Quantizer.Result result = DynamicInt8Quantizer.quantize(TinyGraphs.mlp(17),
                STANDARD.withHead(true), "mlp");
        ModelProto quantized = result.model();
        assertThat(ops(quantized)).isEqualTo("DynamicQuantizeLinear Mul MatMulInteger Cast Mul Add Relu "
                + "DynamicQuantizeLinear Mul MatMulInteger Cast Mul Add");
        // Gemm's transB weight [2, 3] is stored as x · W needs it, [3, 2], one scale per output column.
        TensorProto weight = initializer(quantized, "classifier/weight_int8");
        assertThat(weight.getDimsList()).containsExactly(3L, 2L);
        assertThat(weight.getRawData().toByteArray()).containsExactly(51, 127, -127, 8, 32, -32);
        assertThat(OnnxProtos.floats(initializer(quantized, "classifier/weight_scale")))
                .containsExactly(new float[] {1f / 127, 2f / 127}, within(1e-8f));
        assertThat(result.report().keptFp32()).isEmpty();
        assertThat(quantized.getGraph().getNode(12).getOutputList()).containsExactly("logits");
        float[][] fp32 = TinyGraphs.runMlp(TinyGraphs.mlp(17), dir, "fp32.onnx", X);
        float[][] logits = TinyGraphs.runMlp(quantized, dir, "int8.onnx", X);
        for (int row = 0; row < X.length; row++) {
            assertThat(logits[row]).containsExactly(fp32[row], within(0.1f));
        }

        DynamicInt8Quantizer.Result headKept = DynamicInt8Quantizer.quantize(TinyGraphs.mlp(17), STANDARD, "mlp");
        assertThat(headKept.report().keptFp32()).containsExactly("Gemm 'classifier': the classification head");
        assertThat(headKept.report().quantizedMatMuls()).containsExactly("MatMul 'hidden/MatMul'");
    }

    @Test
    void writesOnnxRuntimesOwnKernelByDefault() throws Exception {
        ModelProto quantized = DynamicInt8Quantizer.quantize(TinyGraphs.mlp(17), QuantizationOptions.defaults(), "mlp").model();
        assertThat(ops(quantized)).isEqualTo("com.microsoft:DynamicQuantizeMatMul Relu Gemm");
        assertThat(quantized.getGraph().getNode(0).getInputList())
                .containsExactly("x", "hidden/MatMul/weight_int8", "hidden/MatMul/weight_scale", "", "b1");
        assertThat(quantized.getOpsetImportList()).anyMatch(o -> o.getDomain().equals("com.microsoft") && o.getVersion() == 1);
        float[][] standard = TinyGraphs.runMlp(DynamicInt8Quantizer.quantize(TinyGraphs.mlp(17), STANDARD, "mlp").model(),
                dir, "standard.onnx", X);
        float[][] kernel = TinyGraphs.runMlp(quantized, dir, "kernel.onnx", X);
        for (int row = 0; row < X.length; row++) {
            assertThat(kernel[row]).containsExactly(standard[row], within(1e-5f));
        }
    }

    @Test
    void writesEachResidualAddAndLayerNormAsOnnxRuntimesSkipLayerNormalization() throws Exception {
        DynamicInt8Quantizer.Result result = DynamicInt8Quantizer.quantize(TinyGraphs.residual(), QuantizationOptions.defaults(),
                "residual");
        ModelProto quantized = result.model();
        assertThat(ops(quantized)).isEqualTo(
                "LayerNormalization com.microsoft:DynamicQuantizeMatMul com.microsoft:SkipLayerNormalization");
        NodeProto skip = quantized.getGraph().getNode(2);
        assertThat(skip.getInputList()).containsExactly("dense_out", "h", "gamma1", "beta1");
        assertThat(skip.getOutputList()).containsExactly("y");
        // ONNX's default epsilon (1e-5) written out: SkipLayerNormalization's own default is 1e-12
        assertThat(skip.getAttributeList()).singleElement().satisfies(a -> {
            assertThat(a.getName()).isEqualTo("epsilon");
            assertThat(a.getF()).isEqualTo(1e-5f);
        });
        assertThat(result.report().fusedLayerNorms()).isEqualTo(1);
        // the first LayerNormalization has no residual Add before it and stays
        assertThat(ops(DynamicInt8Quantizer.quantize(TinyGraphs.residual(), STANDARD, "residual").model()))
                .isEqualTo("LayerNormalization DynamicQuantizeLinear Mul MatMulInteger Cast Mul Add Add LayerNormalization");

        float[][] fp32 = TinyGraphs.runX(TinyGraphs.residual(), dir, "fp32.onnx", X);
        float[][] fusedOutput = TinyGraphs.runX(quantized, dir, "fused.onnx", X);
        float[][] standardOutput = TinyGraphs.runX(DynamicInt8Quantizer.quantize(TinyGraphs.residual(), STANDARD, "residual")
                .model(), dir, "standard.onnx", X);
        for (int row = 0; row < X.length; row++) {
            assertThat(fusedOutput[row]).containsExactly(standardOutput[row], within(1e-5f));
            assertThat(fusedOutput[row]).containsExactly(fp32[row], within(0.05f));
        }
    }

    @Test
    void uint8WeightsAreTheSameValuesShiftedBy128() throws Exception {
        ModelProto standard = DynamicInt8Quantizer.quantize(TinyGraphs.mlp(17), STANDARD.withWeightType(WeightType.UINT8), "mlp")
                .model();
        assertThat(standard.getGraph().getNode(2).getInputList())
                .endsWith("hidden/MatMul/weight_uint8", standard.getGraph().getNode(0).getOutput(2), "hidden/MatMul/weight_zero_point");
        TensorProto weight = initializer(standard, "hidden/MatMul/weight_uint8");
        assertThat(weight.getDataType()).isEqualTo(TensorProto.DataType.UINT8_VALUE);
        assertThat(Byte.toUnsignedInt(weight.getRawData().byteAt(0))).isEqualTo(127 + 128);
        assertThat(Byte.toUnsignedInt(weight.getRawData().byteAt(1))).isEqualTo(-127 + 128);
        assertThat(initializer(standard, "hidden/MatMul/weight_zero_point").getRawData().toByteArray())
                .containsExactly((byte) 128, (byte) 128, (byte) 128);
        ModelProto kernel = DynamicInt8Quantizer.quantize(TinyGraphs.mlp(17),
                QuantizationOptions.defaults().withWeightType(WeightType.UINT8), "mlp").model();
        assertThat(kernel.getGraph().getNode(0).getInputList()).containsExactly("x", "hidden/MatMul/weight_uint8",
                "hidden/MatMul/weight_scale", "hidden/MatMul/weight_zero_point", "b1");

        float[][] int8 = TinyGraphs.runMlp(DynamicInt8Quantizer.quantize(TinyGraphs.mlp(17), STANDARD, "mlp").model(), dir,
                "int8.onnx", X);
        for (ModelProto uint8 : List.of(standard, kernel)) {
            float[][] logits = TinyGraphs.runMlp(uint8, dir, "uint8.onnx", X);
            for (int row = 0; row < X.length; row++) {
                assertThat(logits[row]).containsExactly(int8[row], within(1e-5f));
            }
        }
    }

    @Test
    void perTensorWeightsShareOneScale() {
        ModelProto quantized = DynamicInt8Quantizer.quantize(TinyGraphs.mlp(17),
                STANDARD.withWeights(Granularity.PER_TENSOR), "mlp").model();
        TensorProto scale = initializer(quantized, "hidden/MatMul/weight_scale");
        assertThat(scale.getDimsCount()).isZero();
        assertThat(OnnxProtos.floats(scale)).containsExactly(new float[] {2.54f / 127}, within(1e-8f));
        byte[] values = initializer(quantized, "hidden/MatMul/weight_int8").getRawData().toByteArray();
        assertThat(values[1]).isEqualTo((byte) -127);
        assertThat(values[4]).isEqualTo((byte) 50);
    }

    @Test
    void storesAVocabularyTableInInt8WithAScalePerRow() throws Exception {
        int rows = DynamicInt8Quantizer.MIN_VOCABULARY_ROWS;
        float[] table = new float[rows * 4];
        Random random = new Random(7);
        for (int i = 0; i < table.length; i++) {
            table[i] = (float) random.nextGaussian() * (1 + i / 4 % 5); // rows of different magnitudes
        }
        DynamicInt8Quantizer.Result result = DynamicInt8Quantizer.quantize(TinyGraphs.embedding(table, rows), STANDARD, "embedding");
        ModelProto quantized = result.model();
        assertThat(ops(quantized)).isEqualTo("Gather Gather Cast Mul DynamicQuantizeLinear Mul MatMulInteger Cast Mul Relu");
        assertThat(result.report().quantizedTables()).containsExactly("table");
        List<NodeProto> nodes = quantized.getGraph().getNodeList();
        assertThat(nodes.get(0).getInputList()).containsExactly("table_int8", "ids");
        assertThat(nodes.get(1).getInputList()).containsExactly("table_row_scale", "ids");
        assertThat(nodes.get(3).getOutputList()).containsExactly("vectors");

        byte[] values = initializer(quantized, "table_int8").getRawData().toByteArray();
        TensorProto scalesTensor = initializer(quantized, "table_row_scale");
        assertThat(scalesTensor.getDimsList()).containsExactly((long) rows, 1L);
        float[] scales = OnnxProtos.floats(scalesTensor);
        for (int r = 0; r < rows; r++) {
            float max = 0;
            for (int c = 0; c < 4; c++) {
                max = Math.max(max, Math.abs(table[r * 4 + c]));
            }
            assertThat(scales[r]).isCloseTo(max / 127, within(1e-7f));
            for (int c = 0; c < 4; c++) {
                assertThat(values[r * 4 + c] * scales[r]).isCloseTo(table[r * 4 + c], within(scales[r] / 2 + 1e-6f));
            }
        }
        long[] ids = {0, 5, rows - 1, 5};
        float[][] fp32 = TinyGraphs.runEmbedding(TinyGraphs.embedding(table, rows), dir, "fp32.onnx", ids);
        float[][] int8 = TinyGraphs.runEmbedding(quantized, dir, "int8.onnx", ids);
        for (int t = 0; t < ids.length; t++) {
            // run-time quantization of the gathered vectors (range about ±12) dominates the error
            assertThat(int8[t]).containsExactly(fp32[t], within(0.5f));
        }
    }

    @Test
    void leavesShortTablesAndTablesWhenAskedInFp32() {
        int rows = DynamicInt8Quantizer.MIN_VOCABULARY_ROWS - 1;
        float[] table = new float[rows * 4];
        java.util.Arrays.fill(table, 0.5f);
        ModelProto positions = DynamicInt8Quantizer.quantize(TinyGraphs.embedding(table, rows), STANDARD, "positions").model();
        assertThat(ops(positions)).startsWith("Gather DynamicQuantizeLinear");

        float[] vocabulary = new float[(rows + 1) * 4];
        ModelProto kept = DynamicInt8Quantizer.quantize(TinyGraphs.embedding(vocabulary, rows + 1),
                STANDARD.withEmbeddings(false), "kept").model();
        assertThat(ops(kept)).startsWith("Gather DynamicQuantizeLinear");
        assertThat(initializer(kept, "table").getDataType()).isEqualTo(TensorProto.DataType.FLOAT_VALUE);
    }

    @Test
    void refusesAGraphQuantizedAlready() {
        ModelProto once = DynamicInt8Quantizer.quantize(TinyGraphs.mlp(17), STANDARD, "mlp").model();
        assertThatThrownBy(() -> DynamicInt8Quantizer.quantize(once, QuantizationOptions.defaults(), "bundle/model.onnx"))
                .isInstanceOf(NotQuantizableException.class)
                .hasMessageContaining("bundle/model.onnx")
                .hasMessageContaining("quantized already")
                .hasMessageContaining("DynamicQuantizeLinear, MatMulInteger");
    }

    @Test
    void refusesAGraphWithNothingToQuantize() {
        ModelProto relu = TinyGraphs.model(ai.onnx.proto.OnnxMl.GraphProto.newBuilder().setName("relu")
                .addInput(TinyGraphs.floatValue("x", "batch", 4L))
                .addNode(OnnxProtos.node("Relu", "relu", List.of("x"), List.of("logits")))
                .addOutput(TinyGraphs.floatValue("logits", "batch", 4L)).build(), 17);
        assertThatThrownBy(() -> DynamicInt8Quantizer.quantize(relu, QuantizationOptions.defaults(), "relu/model.onnx"))
                .isInstanceOf(NotQuantizableException.class)
                .hasMessageContaining("relu/model.onnx")
                .hasMessageContaining("no MatMul or Gemm whose weight is a constant float matrix");

        // A linear model is all head: with the head kept in fp32 nothing is left.
        ModelProto linear = TinyGraphs.model(ai.onnx.proto.OnnxMl.GraphProto.newBuilder().setName("linear")
                .addInput(TinyGraphs.floatValue("x", "batch", 3L))
                .addInitializer(OnnxProtos.floatTensor("w2", new long[] {2, 3}, TinyGraphs.W2))
                .addNode(OnnxProtos.node("Gemm", "classifier", List.of("x", "w2"), List.of("logits"), OnnxProtos.integer("transB", 1)))
                .addOutput(TinyGraphs.floatValue("logits", "batch", 2L)).build(), 17);
        assertThatThrownBy(() -> DynamicInt8Quantizer.quantize(linear, QuantizationOptions.defaults(), "linear/model.onnx"))
                .hasMessageContaining("nothing to quantize")
                .hasMessageContaining("Gemm 'classifier': the classification head");
    }

    @Test
    void refusesAnOpsetWithoutDynamicQuantizeLinear() {
        assertThatThrownBy(() -> DynamicInt8Quantizer.quantize(TinyGraphs.mlp(10), QuantizationOptions.defaults(), "old/model.onnx"))
                .isInstanceOf(NotQuantizableException.class)
                .hasMessageContaining("old/model.onnx")
                .hasMessageContaining("opset 10");
    }

    @Test
    void refusesNonFiniteWeightsNamingThem() {
        ModelProto model = TinyGraphs.mlp(17);
        var graph = model.getGraph().toBuilder();
        float[] broken = TinyGraphs.W1.clone();
        broken[4] = Float.NaN;
        graph.setInitializer(0, OnnxProtos.floatTensor("w1", new long[] {4, 3}, broken));
        ModelProto withNaN = model.toBuilder().setGraph(graph).build();
        assertThatThrownBy(() -> DynamicInt8Quantizer.quantize(withNaN, QuantizationOptions.defaults(), "nan"))
                .hasMessageContaining("MatMul 'hidden/MatMul'")
                .hasMessageContaining("NaN");
    }

    /**
     * What the int8 graph must compute, by hand: x quantized as DynamicQuantizeLinear defines it
     * (uint8, range widened to include 0, round half to even), integer products with the int8 weights,
     * scaled back, bias, ReLU, then the fp32 head.
     */
    static float[][] integerReference(float[][] x) {
        float min = 0;
        float max = 0;
        for (float[] row : x) {
            for (float v : row) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        float xScale = (max - min) / 255;
        int xZero = (int) Math.max(0, Math.min(255, Math.rint(-min / xScale)));
        int[][] w = {{127, -127, 0}, {-64, 50, 0}, {0, 25, 0}, {13, 1, 0}};
        float[] wScale = {1.27f / 127, 2.54f / 127, 1f};
        float[][] logits = new float[x.length][2];
        for (int row = 0; row < x.length; row++) {
            float[] hidden = new float[3];
            for (int j = 0; j < 3; j++) {
                long sum = 0;
                for (int k = 0; k < 4; k++) {
                    int q = (int) Math.max(0, Math.min(255, Math.rint(x[row][k] / xScale) + xZero));
                    sum += (long) (q - xZero) * w[k][j];
                }
                hidden[j] = Math.max(0, sum * (xScale * wScale[j]) + TinyGraphs.B1[j]);
            }
            for (int i = 0; i < 2; i++) {
                float sum = TinyGraphs.B2[i];
                for (int j = 0; j < 3; j++) {
                    sum += hidden[j] * TinyGraphs.W2[i * 3 + j];
                }
                logits[row][i] = sum;
            }
        }
        return logits;
    }
}
