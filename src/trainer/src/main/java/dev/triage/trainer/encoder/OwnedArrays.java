package dev.triage.trainer.encoder;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Arrays whose memory PyTorch owns. DJL's {@code create(float[])} and {@code set(float[])} make a
 * tensor over a Java direct buffer (from_blob) that lives only as long as the Java wrapper keeps it;
 * weights and optimizer state live for the whole run and are updated in place, so they get
 * PyTorch's own allocation instead, and values are loaded by copying into it.
 */
public final class OwnedArrays {

    private OwnedArrays() {
    }

    /** A new array with PyTorch-owned memory holding {@code values}. */
    public static NDArray of(NDManager manager, float[] values, Shape shape) {
        try (NDArray borrowed = manager.create(values, shape)) {
            return borrowed.duplicate();
        }
    }

    /**
     * Copies {@code values} into {@code target}'s own memory by assignment (PyTorch's
     * {@code index_put_} over the whole array): whatever the memory held before, a NaN bit pattern
     * included, is overwritten. Clearing by {@code muli(0)} first would keep it (NaN × 0 is NaN),
     * and {@code NDArray.set(Buffer)} would make the array share the Java buffer instead of copying.
     */
    public static void copyInto(NDArray target, float[] values) {
        try (NDArray borrowed = target.getManager().create(values, target.getShape())) {
            target.set(new NDIndex("..."), borrowed);
        }
    }
}
