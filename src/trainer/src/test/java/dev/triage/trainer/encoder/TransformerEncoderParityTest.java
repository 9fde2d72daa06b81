package dev.triage.trainer.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import dev.triage.core.logits.InferenceSettings;
import dev.triage.core.logits.OnnxSessions;
import dev.triage.core.logits.TokenInputs;
import dev.triage.core.tokens.TextTokenizer;
import dev.triage.core.tokens.TokenBatch;
import dev.triage.export.BuiltInEncoders;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The DJL encoder is Hugging Face's BERT: on real sentences of different lengths (so padding and
 * the attention mask matter) its last hidden state equals ONNX Runtime's run of the original
 * export of each built-in encoder (MiniLM, and the 12-layer BGE-small and e5-small), to 1e-4, at
 * every real token. The weights are read out of those same exports, so this also proves that
 * every anonymous MatMul constant was given the right name.
 */
class TransformerEncoderParityTest {

    static final Path CACHE = Path.of("target", "triage-cache");

    @ParameterizedTest
    @ValueSource(strings = {BuiltInEncoders.ALL_MINILM_L6_V2, BuiltInEncoders.BGE_SMALL_EN_V15, BuiltInEncoders.E5_SMALL_V2})
    void reproducesOnnxRuntime(String name) throws Exception {
        PretrainedEncoder pretrained = PretrainedEncoders.load(name, CACHE, HuggingFaceHub.fromEnvironment(CACHE));
        BuiltInEncoders.EncoderFiles files = BuiltInEncoders.extract(name, CACHE.resolve("encoders"));
        List<String> texts = List.of("i feel wonderful today",
                "the quarterly report is late again, and the printer on the third floor is jammed",
                "scared",
                "Unicode too: café, naïve, 東京 and emoji 🙂 survive tokenization");
        TokenBatch batch;
        try (TextTokenizer tokenizer = TextTokenizer.open(pretrained.tokenizer(), 128)) {
            batch = tokenizer.encode(texts);
        }
        float[] expected;
        try (OrtSession session = OnnxSessions.open(files.onnx(), InferenceSettings.cpu(2));
             TokenInputs inputs = TokenInputs.create(OnnxSessions.environment(), session.getInputNames(), batch);
             OrtSession.Result result = session.run(inputs.tensors(), Set.of("last_hidden_state"))) {
            FloatBuffer buffer = ((OnnxTensor) result.get("last_hidden_state").orElseThrow()).getFloatBuffer();
            expected = new float[buffer.remaining()];
            buffer.get(expected);
        }
        float[] actual;
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            TransformerEncoder encoder = TransformerEncoder.create(manager, pretrained.config(), pretrained.weights());
            Shape shape = new Shape(batch.size(), batch.sequenceLength());
            NDArray hidden = encoder.forward(manager.create(batch.inputIds(), shape), manager.create(batch.attentionMask(), shape),
                    manager.create(batch.tokenTypeIds(), shape), false);
            actual = hidden.toFloatArray();
        }
        int width = pretrained.config().hiddenSize();
        double maxDifference = 0;
        for (int row = 0; row < batch.size(); row++) {
            for (int position = 0; position < batch.lengths()[row]; position++) {
                int offset = (row * batch.sequenceLength() + position) * width;
                for (int j = 0; j < width; j++) {
                    maxDifference = Math.max(maxDifference, Math.abs(actual[offset + j] - expected[offset + j]));
                }
            }
        }
        assertThat(maxDifference).isLessThan(1e-4);
    }
}
