package dev.triage.trainer.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import dev.triage.export.transformer.Tensor;
import dev.triage.trainer.encoder.OwnedArrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW (Loshchilov and Hutter) as PyTorch's {@code torch.optim.AdamW} computes it, with the
 * Hugging Face Trainer's defaults: betas (0.9, 0.999), epsilon 1e-8, and decoupled weight decay on
 * every weight except biases and LayerNorm weights. Updates run in place on the parameters, outside
 * any gradient recording.
 */
public final class AdamW {

    static final float BETA1 = 0.9f;
    static final float BETA2 = 0.999f;
    static final float EPSILON = 1e-8f;

    private final float weightDecay;
    private final Map<String, NDArray> firstMoments = new LinkedHashMap<>();
    private final Map<String, NDArray> secondMoments = new LinkedHashMap<>();
    private long steps;

    public AdamW(NDManager manager, Map<String, NDArray> parameters, float weightDecay) {
        this.weightDecay = weightDecay;
        parameters.forEach((name, parameter) -> {
            firstMoments.put(name, manager.zeros(parameter.getShape()));
            secondMoments.put(name, manager.zeros(parameter.getShape()));
        });
    }

    /** Whether a weight is decayed: Hugging Face exempts biases and LayerNorm weights. */
    public static boolean decays(String name) {
        return !name.endsWith(".bias") && !name.contains("LayerNorm") && !name.contains("layer_norm");
    }

    /** One update of every parameter from its gradient, at {@code learningRate}. */
    public void step(Map<String, NDArray> parameters, float learningRate) {
        steps++;
        float correction1 = (float) (1 - Math.pow(BETA1, steps));
        float correction2 = (float) (1 - Math.pow(BETA2, steps));
        float stepSize = learningRate / correction1;
        float root2 = (float) Math.sqrt(correction2);
        for (Map.Entry<String, NDArray> entry : parameters.entrySet()) {
            try (NDScope ignored = new NDScope()) {
                NDArray parameter = entry.getValue();
                NDArray gradient = parameter.getGradient();
                if (weightDecay > 0 && decays(entry.getKey())) {
                    parameter.muli(1 - learningRate * weightDecay);
                }
                NDArray m = firstMoments.get(entry.getKey()).muli(BETA1).addi(gradient.mul(1 - BETA1));
                NDArray v = secondMoments.get(entry.getKey()).muli(BETA2).addi(gradient.square().muli(1 - BETA2));
                // p -= lr/bc1 · m / (√v/√bc2 + ε), PyTorch's order of operations
                parameter.subi(m.div(v.sqrt().divi(root2).addi(EPSILON)).muli(stepSize));
            }
        }
    }

    public long steps() {
        return steps;
    }

    /** Both moments of every parameter, named as checkpoints store them; the arrays themselves, not copies. */
    public Map<String, NDArray> moments() {
        Map<String, NDArray> moments = new LinkedHashMap<>();
        firstMoments.forEach((name, m) -> moments.put("optimizer.m." + name, m));
        secondMoments.forEach((name, v) -> moments.put("optimizer.v." + name, v));
        return moments;
    }

    public void load(Map<String, Tensor> state, long steps) {
        for (Map.Entry<String, NDArray> entry : firstMoments.entrySet()) {
            OwnedArrays.copyInto(entry.getValue(), require(state, "optimizer.m." + entry.getKey()).data());
        }
        for (Map.Entry<String, NDArray> entry : secondMoments.entrySet()) {
            OwnedArrays.copyInto(entry.getValue(), require(state, "optimizer.v." + entry.getKey()).data());
        }
        this.steps = steps;
    }

    private static Tensor require(Map<String, Tensor> state, String name) {
        Tensor tensor = state.get(name);
        if (tensor == null) {
            throw new IllegalArgumentException("the checkpoint has no optimizer state '" + name + "'");
        }
        return tensor;
    }
}
