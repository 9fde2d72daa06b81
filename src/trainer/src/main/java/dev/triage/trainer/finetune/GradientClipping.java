package dev.triage.trainer.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.Map;

/** Scales all gradients together so that their global L2 norm is at most a limit, as torch's clip_grad_norm_. */
public final class GradientClipping {

    private GradientClipping() {
    }

    /** Clips in place; returns the norm before clipping. */
    public static double clip(Map<String, NDArray> parameters, double maxNorm) {
        double sumOfSquares = 0;
        for (NDArray parameter : parameters.values()) {
            try (NDScope ignored = new NDScope()) {
                sumOfSquares += parameter.getGradient().square().sum().getFloat();
            }
        }
        double norm = Math.sqrt(sumOfSquares);
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
