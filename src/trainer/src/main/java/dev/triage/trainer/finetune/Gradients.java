package dev.triage.trainer.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.List;
import java.util.ListIterator;
import java.util.Map;

/**
 * The gradients of a model's parameters: their global norm, which of them are not finite, clipping
 * to a norm as torch's {@code clip_grad_norm_}, and clearing them for the next step.
 */
public final class Gradients {

    private Gradients() {
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

    /**
     * The parameters whose gradient holds a NaN or an infinity, nearest the loss first (the order
     * backward reaches them, the reverse of the state dict's): the first one named is where a
     * non-finite value entered the backward pass, the others are where it flowed on to.
     */
    public static List<String> nonFinite(Map<String, NDArray> parameters) {
        List<String> names = new ArrayList<>();
        List<Map.Entry<String, NDArray>> entries = new ArrayList<>(parameters.entrySet());
        for (ListIterator<Map.Entry<String, NDArray>> it = entries.listIterator(entries.size()); it.hasPrevious(); ) {
            Map.Entry<String, NDArray> entry = it.previous();
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

    /**
     * Sets every gradient to zero, as torch's {@code zero_grad} does, ready for the next backward
     * pass (PyTorch adds each pass's gradients to the stored ones). Zeros are written with
     * {@code zero_()}, never by scaling: NaN × 0 is NaN, so a gradient cleared by multiplying keeps
     * the NaN of one bad batch forever and every later update is skipped. DJL's
     * GradientCollector.zeroGradients() subtracts a gradient from itself (NaN − NaN is NaN too) and
     * reaches only the arrays its manager tree still tracks.
     */
    public static void zero(Map<String, NDArray> parameters) {
        for (NDArray parameter : parameters.values()) {
            JniUtils.zeroGrad((PtNDArray) parameter);
        }
    }
}
