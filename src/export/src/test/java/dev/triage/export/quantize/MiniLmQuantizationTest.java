package dev.triage.export.quantize;

import static org.assertj.core.api.Assertions.assertThat;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import dev.triage.core.logits.InferenceSettings;
import dev.triage.core.logits.OnnxSessions;
import dev.triage.core.logits.TokenInputs;
import dev.triage.core.tokens.TextTokenizer;
import dev.triage.export.BuiltInEncoders;
import dev.triage.export.EncoderGraph;
import dev.triage.export.MiniLmFiles;
import dev.triage.export.OnnxProtos;
import dev.triage.export.transformer.Architecture;
import dev.triage.export.transformer.OnnxEncoderWeights;
import dev.triage.export.transformer.TransformerConfig;
import dev.triage.export.transformer.TransformerGraphWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The MiniLM encoder Maven fetches, quantized: what the rewrite touches, and how close its output stays. */
class MiniLmQuantizationTest {

    static final List<String> SENTENCES = List.of(
            "i feel wonderful today",
            "i am so angry that the train was late again and nobody even apologised for it",
            "scared",
            "i didnt expect the surprise party at all, it was amazing",
            "Subject: your invoice is overdue\nplease find attached the statement for last month and pay within 7 days");

    static ModelProto fp32;
    static DynamicInt8Quantizer.Result int8;

    @TempDir
    static Path dir;

    @BeforeAll
    static void quantize() throws Exception {
        BuiltInEncoders.EncoderFiles files = MiniLmFiles.get();
        fp32 = OnnxProtos.read(files.onnx());
        int8 = DynamicInt8Quantizer.quantize(fp32, QuantizationOptions.defaults(), files.onnx().toString());
    }

    @Test
    void quantizesEveryWeightMatMulAndTheWordTableOnly() {
        Map<String, Integer> before = opCounts(fp32);
        Map<String, Integer> after = opCounts(int8.model());
        // 6 layers x (query, key, value, attention output, intermediate, output), but the first output
        assertThat(after.get("com.microsoft:DynamicQuantizeMatMul")).isEqualTo(35);
        // The attention products (two activations: Q·Kᵀ and P·V) stay fp32, as do LayerNorm and Softmax.
        assertThat(after.get("MatMul")).isEqualTo(before.get("MatMul") - 35).isEqualTo(12 + 1);
        assertThat(after.get("Softmax")).isEqualTo(before.get("Softmax"));
        assertThat(after.get("ReduceMean")).isEqualTo(before.get("ReduceMean"));
        assertThat(int8.report().quantizedTables()).containsExactly("embeddings.word_embeddings.weight");
        // An encoder has no classification head; the first feed-forward output stays fp32.
        assertThat(int8.report().keptFp32()).containsExactly(
                "MatMul '/encoder/layer.0/output/dense/MatMul': the first down-projection, whose input holds the largest activations");
        // this export spells LayerNorm out (ReduceMean, Sub, Pow...): nothing to write as SkipLayerNormalization
        assertThat(int8.report().fusedLayerNorms()).isZero();
    }

    @Test
    void weighsLessThan30PercentOfFp32() throws Exception {
        Path file = dir.resolve("int8.onnx");
        OnnxProtos.write(int8.model(), file);
        long fp32Bytes = Files.size(MiniLmFiles.get().onnx());
        assertThat((double) Files.size(file) / fp32Bytes).isLessThan(0.29);
        assertThat((double) int8.report().weightBytes() / int8.report().fp32WeightBytes()).isLessThan(0.29);
    }

    @Test
    void hiddenStatesStayCloseToFp32() throws Exception {
        Path int8File = dir.resolve("encoder-int8.onnx");
        OnnxProtos.write(int8.model(), int8File);
        float[][][] expected = hidden(MiniLmFiles.get().onnx());
        float[][][] actual = hidden(int8File);
        double sum = 0;
        for (int row = 0; row < SENTENCES.size(); row++) {
            float[] pooledFp32 = meanOfRealTokens(expected, row);
            float[] pooledInt8 = meanOfRealTokens(actual, row);
            // Sentence vectors (what the classifiers read) point the same way, token vectors nearly so.
            // Measured on 200 emotion validation texts: mean 0.9938, lowest 0.9874 (ONNX Runtime's own
            // quantizer: 0.9893 and 0.9748).
            double similarity = cosine(pooledInt8, pooledFp32);
            assertThat(similarity).as("sentence %d", row).isGreaterThan(0.985);
            sum += similarity;
            for (int t = 0; t < actual[row].length; t++) {
                assertThat(cosine(actual[row][t], expected[row][t])).as("sentence %d token %d", row, t).isGreaterThan(0.95);
            }
        }
        assertThat(sum / SENTENCES.size()).isGreaterThan(0.99);
    }

    @Test
    void theTrainersEncoderGraphGetsSkipLayerNormalizationAndStaysClose() throws Exception {
        // MiniLM written as fine-tuned models are exported: LayerNormalization operators, named weights
        TransformerConfig miniLm = new TransformerConfig(Architecture.BERT, 30522, 384, 6, 12, 1536, 512, 2, 1e-12f, 0.1f, 0.1f);
        ModelProto written = TransformerGraphWriter.write(miniLm, OnnxEncoderWeights.read(MiniLmFiles.get().onnx()));
        DynamicInt8Quantizer.Result result = DynamicInt8Quantizer.quantize(written, QuantizationOptions.defaults(), "written");
        Map<String, Integer> ops = opCounts(result.model());
        assertThat(ops.get("com.microsoft:DynamicQuantizeMatMul")).isEqualTo(35);
        // the residual Add + LayerNorm of each attention and feed-forward block; the embeddings' stays
        assertThat(ops.get("com.microsoft:SkipLayerNormalization")).isEqualTo(12);
        assertThat(ops.get("LayerNormalization")).isEqualTo(1);
        assertThat(result.report().keptFp32()).singleElement().asString().contains("the first down-projection");

        Path fp32File = dir.resolve("written-fp32.onnx");
        Path int8File = dir.resolve("written-int8.onnx");
        OnnxProtos.write(written, fp32File);
        OnnxProtos.write(result.model(), int8File);
        float[][][] expected = hidden(fp32File);
        float[][][] actual = hidden(int8File);
        for (int row = 0; row < SENTENCES.size(); row++) {
            assertThat(cosine(meanOfRealTokens(actual, row), meanOfRealTokens(expected, row))).as("sentence %d", row)
                    .isGreaterThan(0.985);
        }
    }

    /**
     * Hidden states of each sentence run alone, as the function serves them (in a padded batch all
     * texts share one activation scale per tensor, so a short text's precision depends on its neighbours).
     */
    static float[][][] hidden(Path onnx) throws Exception {
        float[][][] hidden = new float[SENTENCES.size()][][];
        try (OrtSession session = OnnxSessions.open(onnx, InferenceSettings.cpu(2));
             TextTokenizer tokenizer = TextTokenizer.open(MiniLmFiles.get().tokenizer(), 128)) {
            Set<String> declared = new LinkedHashSet<>(session.getInputNames());
            for (int row = 0; row < SENTENCES.size(); row++) {
                try (TokenInputs inputs = TokenInputs.create(OnnxSessions.environment(), declared,
                        tokenizer.encode(List.of(SENTENCES.get(row))));
                     OrtSession.Result result = session.run(inputs.tensors(), Set.of(EncoderGraph.LAST_HIDDEN_STATE))) {
                    hidden[row] = ((float[][][]) ((OnnxTensor) result.get(0)).getValue())[0];
                }
            }
        }
        return hidden;
    }

    static float[] meanOfRealTokens(float[][][] hidden, int row) {
        float[] sum = new float[hidden[row][0].length];
        int count = hidden[row].length;
        for (int t = 0; t < count; t++) {
            for (int j = 0; j < sum.length; j++) {
                sum[j] += hidden[row][t][j] / count;
            }
        }
        return sum;
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += (double) a[i] * b[i];
            na += (double) a[i] * a[i];
            nb += (double) b[i] * b[i];
        }
        return dot / Math.sqrt(na * nb);
    }

    static Map<String, Integer> opCounts(ModelProto model) {
        Map<String, Integer> counts = new TreeMap<>();
        for (NodeProto node : model.getGraph().getNodeList()) {
            counts.merge((node.getDomain().isEmpty() ? "" : node.getDomain() + ":") + node.getOpType(), 1, Integer::sum);
        }
        return counts;
    }
}
