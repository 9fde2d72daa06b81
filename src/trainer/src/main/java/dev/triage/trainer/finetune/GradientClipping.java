package dev.triage.trainer.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.Map;

/** Scales all gradients together so that their global L2 norm is at most a limit, as torch's clip_grad_norm_. */
public final class GradientClipping {

    private GradientClipping() {
    }

    /** The global L2 norm of all gradients (infinite or NaN when any gradient is). */
    public static double norm(Map<String, NDArray> parameters) {
        double sumOfSquares = 0;
        for (NDArray parameter : parameters.values()) {
            try (NDScope ignored = new NDScope()) {
                sumOfSquares += parameter.getGradient().square().sum().getFloat();
            }
        }
        return Math.sqrt(sumOfSquares);
    }

    /** The parameters whose gradient holds a NaN or an infinity, for the message of a skipped step. */
    public static java.util.List<String> nonFinite(Map<String, NDArray> parameters) {
        java.util.List<String> names = new java.util.ArrayList<>();
        for (Map.Entry<String, NDArray> entry : parameters.entrySet()) {
            try (NDScope ignored = new NDScope()) {
                NDArray gradient = entry.getValue().getGradient();
                if (gradient.isNaN().any().getBoolean() || gradient.isInfinite().any().getBoolean()) {
                    names.add(entry.getKey());
                }
            }
        }
        return names;
    }

    /** Scales gradients in place so that their global norm is at most {@code maxNorm}; returns the norm before. */
    public static double clip(Map<String, NDArray> parameters, double maxNorm) {
        double norm = norm(parameters);
        double coefficient = maxNorm / (norm + 1e-6);
        if (coefficient < 1) {
            for (NDArray parameter : parameters.values()) {
                try (NDScope ignored = new NDScope()) {
                    parameter.getGradient().muli((float) coefficient);
                }
            }
        }
        return norm;
    }
}
