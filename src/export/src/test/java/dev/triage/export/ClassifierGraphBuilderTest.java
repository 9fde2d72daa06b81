package dev.triage.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.triage.core.logits.InferenceSettings;
import dev.triage.core.logits.OnnxSessions;
import dev.triage.core.logits.TokenInputs;
import dev.triage.core.tokens.TextTokenizer;
import dev.triage.core.tokens.TokenBatch;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The appended pooling and head nodes compute what they should: compared with pooling and a head
 * done by hand over the encoder's own last_hidden_state, on real sentences of different lengths.
 */
class ClassifierGraphBuilderTest {

    static final List<String> SENTENCES = List.of(
            "i feel wonderful today",
            "i am so angry that the train was late again and nobody even apologised for it",
            "scared",
            "i didnt expect the surprise party at all, it was amazing");

    static EncoderGraph encoder;
    static TokenBatch batch;
    static float[][][] hidden;

    @BeforeAll
    static void runEncoder() throws Exception {
        BuiltInEncoders.EncoderFiles files = MiniLmFiles.get();
        encoder = EncoderGraph.read(files.onnx());
        try (TextTokenizer tokenizer = TextTokenizer.open(files.tokenizer(), 128)) {
            batch = tokenizer.encode(SENTENCES);
        }
        hidden = (float[][][]) run(files.onnx(), EncoderGraph.LAST_HIDDEN_STATE);
    }

    @Test
    void readsTheEncodersShape() {
        assertThat(encoder.hiddenSize()).isEqualTo(384);
        assertThat(encoder.inputs()).containsExactlyInAnyOrder("input_ids", "attention_mask", "token_type_ids");
    }

    @Test
    void meanPoolingIgnoresPadding(@TempDir Path dir) throws Exception {
        float[][] features = (float[][]) run(save(ClassifierGraphBuilder.features(encoder, Pooling.MEAN), dir),
                ClassifierGraphBuilder.FEATURES);
        for (int row = 0; row < SENTENCES.size(); row++) {
            float[] expected = meanOfRealTokens(row);
            for (int j = 0; j < expected.length; j++) {
                assertThat(features[row][j]).isCloseTo(expected[j], within(1e-5f));
            }
        }
        // The short text is padded in this batch; alone it has no padding and must pool the same.
        assertThat(batch.lengths()[2]).isLessThan(batch.sequenceLength());
    }

    @Test
    void clsPoolingTakesTheFirstToken(@TempDir Path dir) throws Exception {
        float[][] features = (float[][]) run(save(ClassifierGraphBuilder.features(encoder, Pooling.CLS), dir),
                ClassifierGraphBuilder.FEATURES);
        for (int row = 0; row < SENTENCES.size(); row++) {
            assertThat(features[row]).containsExactly(hidden[row][0], within(1e-6f));
        }
    }

    @Test
    void headComputesLinearLogits(@TempDir Path dir) throws Exception {
        LinearHead head = randomHead(6, 384, 7);
        float[][] logits = (float[][]) run(save(ClassifierGraphBuilder.classifier(encoder, Pooling.MEAN, head), dir), "logits");
        for (int row = 0; row < SENTENCES.size(); row++) {
            double[] expected = head.apply(meanOfRealTokens(row));
            for (int k = 0; k < 6; k++) {
                assertThat((double) logits[row][k]).isCloseTo(expected[k], within(1e-4));
            }
        }
    }

    @Test
    void refusesAHeadOfTheWrongWidth() {
        assertThatThrownBy(() -> ClassifierGraphBuilder.classifier(encoder, Pooling.MEAN, randomHead(3, 768, 1)))
                .hasMessageContaining("768").hasMessageContaining("384");
    }

    static LinearHead randomHead(int labels, int hiddenSize, long seed) {
        Random random = new Random(seed);
        float[][] weight = new float[labels][hiddenSize];
        float[] bias = new float[labels];
        for (int i = 0; i < labels; i++) {
            for (int j = 0; j < hiddenSize; j++) {
                weight[i][j] = (float) random.nextGaussian() * 0.1f;
            }
            bias[i] = (float) random.nextGaussian();
        }
        return new LinearHead(weight, bias);
    }

    private static float[] meanOfRealTokens(int row) {
        int length = batch.lengths()[row];
        float[] mean = new float[384];
        for (int t = 0; t < length; t++) {
            for (int j = 0; j < 384; j++) {
                mean[j] += hidden[row][t][j];
            }
        }
        for (int j = 0; j < 384; j++) {
            mean[j] /= length;
        }
        return mean;
    }

    private static Path save(ModelProto model, Path dir) throws IOException {
        Path file = dir.resolve("graph.onnx");
        OnnxProtos.write(model, file);
        return file;
    }

    private static Object run(Path model, String output) throws OrtException {
        try (OrtSession session = OnnxSessions.open(model, InferenceSettings.cpu(2));
             TokenInputs inputs = TokenInputs.create(OnnxSessions.environment(), session.getInputNames(), batch);
             OrtSession.Result result = session.run(inputs.tensors(), Set.of(output))) {
            return ((OnnxTensor) result.get(output).orElseThrow()).getValue();
        }
    }
}
