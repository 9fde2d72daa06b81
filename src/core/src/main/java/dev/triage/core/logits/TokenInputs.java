package dev.triage.core.logits;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import dev.triage.core.tokens.TokenBatch;
import java.nio.LongBuffer;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The token inputs a transformer graph may declare, and the tensors that feed them. Only the inputs
 * the graph declares are fed: BERT exports take token_type_ids, DistilBERT exports do not.
 */
public final class TokenInputs implements AutoCloseable {

    public static final String INPUT_IDS = "input_ids";
    public static final String ATTENTION_MASK = "attention_mask";
    public static final String TOKEN_TYPE_IDS = "token_type_ids";
    /** Every input a tokenizer can give. */
    public static final Set<String> KNOWN = Set.of(INPUT_IDS, ATTENTION_MASK, TOKEN_TYPE_IDS);

    private final Map<String, OnnxTensor> tensors;

    private TokenInputs(Map<String, OnnxTensor> tensors) {
        this.tensors = tensors;
    }

    /** Creates one tensor per declared input; close the result to free their native memory. */
    public static TokenInputs create(OrtEnvironment env, Set<String> declared, TokenBatch batch) throws OrtException {
        Map<String, OnnxTensor> tensors = new LinkedHashMap<>();
        try {
            long[] shape = batch.shape();
            for (String name : declared) {
                long[] values = switch (name) {
                    case INPUT_IDS -> batch.inputIds();
                    case ATTENTION_MASK -> batch.attentionMask();
                    case TOKEN_TYPE_IDS -> batch.tokenTypeIds();
                    default -> throw new IllegalArgumentException("no tokenizer output for graph input " + name);
                };
                tensors.put(name, OnnxTensor.createTensor(env, LongBuffer.wrap(values), shape));
            }
            return new TokenInputs(tensors);
        } catch (OrtException | RuntimeException e) {
            tensors.values().forEach(OnnxTensor::close);
            throw e;
        }
    }

    public Map<String, OnnxTensor> tensors() {
        return tensors;
    }

    @Override
    public void close() {
        tensors.values().forEach(OnnxTensor::close);
    }
}
