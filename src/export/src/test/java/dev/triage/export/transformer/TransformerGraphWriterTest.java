package dev.triage.export.transformer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtSession;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.triage.core.logits.InferenceSettings;
import dev.triage.core.logits.OnnxSessions;
import dev.triage.core.logits.TokenInputs;
import dev.triage.core.tokens.TextTokenizer;
import dev.triage.core.tokens.TokenBatch;
import dev.triage.export.BuiltInEncoders;
import dev.triage.export.EncoderGraph;
import dev.triage.export.OnnxProtos;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The graph writer rebuilds MiniLM from nothing but its weights (read back from the original
 * export) and a config, and the rebuilt graph gives the original's last hidden state on real
 * sentences to 1e-4.
 */
class TransformerGraphWriterTest {

    static final String MINILM_CONFIG = """
            {"model_type": "bert", "vocab_size": 30522, "hidden_size": 384, "num_hidden_layers": 6,
             "num_attention_heads": 12, "intermediate_size": 1536, "max_position_embeddings": 512,
             "type_vocab_size": 2, "layer_norm_eps": 1e-12}
            """;

    @Test
    void rebuildsMiniLmFromItsWeights(@TempDir Path dir) throws Exception {
        BuiltInEncoders.EncoderFiles files = dev.triage.export.MiniLmFiles.get();
        Map<String, Tensor> weights = OnnxEncoderWeights.read(files.onnx());
        assertThat(weights).containsKeys("embeddings.word_embeddings.weight", "encoder.layer.5.output.dense.weight");
        assertThat(weights.get("encoder.layer.0.intermediate.dense.weight").shape()).containsExactly(1536, 384);

        TransformerConfig config = TransformerConfig.parse(new ObjectMapper().readTree(MINILM_CONFIG));
        ModelProto rebuilt = TransformerGraphWriter.write(config, weights);
        assertThat(EncoderGraph.of(rebuilt, "rebuilt").hiddenSize()).isEqualTo(384);
        Path rebuiltFile = dir.resolve("rebuilt.onnx");
        OnnxProtos.write(rebuilt, rebuiltFile);

        TokenBatch batch;
        try (TextTokenizer tokenizer = TextTokenizer.open(files.tokenizer(), 128)) {
            batch = tokenizer.encode(List.of("i feel wonderful today", "a much longer sentence about printers, trains "
                    + "and the weather, so that the batch needs padding", "no"));
        }
        float[] original = lastHiddenState(files.onnx(), batch);
        float[] copy = lastHiddenState(rebuiltFile, batch);
        double max = 0;
        for (int row = 0; row < batch.size(); row++) {
            for (int t = 0; t < batch.lengths()[row]; t++) {
                for (int j = 0; j < 384; j++) {
                    int i = (row * batch.sequenceLength() + t) * 384 + j;
                    max = Math.max(max, Math.abs(original[i] - copy[i]));
                }
            }
        }
        assertThat(max).isLessThan(1e-4);
    }

    @Test
    void namesAMissingWeight() throws Exception {
        TransformerConfig config = TransformerConfig.parse(new ObjectMapper().readTree(MINILM_CONFIG));
        assertThatThrownBy(() -> TransformerGraphWriter.write(config, Map.of()))
                .hasMessageContaining("no weight 'embeddings.word_embeddings.weight' for a bert encoder");
    }

    static float[] lastHiddenState(Path model, TokenBatch batch) throws Exception {
        try (OrtSession session = OnnxSessions.open(model, InferenceSettings.cpu(2));
             TokenInputs inputs = TokenInputs.create(OnnxSessions.environment(), session.getInputNames(), batch);
             OrtSession.Result result = session.run(inputs.tensors(), Set.of(EncoderGraph.LAST_HIDDEN_STATE))) {
            FloatBuffer buffer = ((OnnxTensor) result.get(EncoderGraph.LAST_HIDDEN_STATE).orElseThrow()).getFloatBuffer();
            float[] values = new float[buffer.remaining()];
            buffer.get(values);
            return values;
        }
    }
}
