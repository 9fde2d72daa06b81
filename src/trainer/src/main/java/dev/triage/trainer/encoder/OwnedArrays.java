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
 *
 * <p>The same holds for scalars that take part in a computation that is differentiated. DJL's
 * {@code mul(Number)}, {@code div(Number)}, {@code add(Number)} wrap the number in such a tensor
 * and close it as soon as the operation returns, but autograd keeps a reference to it for the
 * backward pass ({@code x.mul(s)} and {@code x.div(s)} save {@code s}); once Java's garbage collector
 * has run and the buffer's Cleaner has freed it, backward multiplies by whatever that memory then
 * holds (measured: -5.4e-29, -2.2e-14, 5.3e-44 in place of 3 and -4). In training that turned a
 * whole step's gradients infinite, or silently wrong, depending on when a collection happened.
 * Such scalars are made with {@link #scalar}: PyTorch then frees the memory when autograd is done.
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

    /** A 0-dimensional float array with PyTorch-owned memory, safe to keep in an autograd graph. */
    public static NDArray scalar(NDManager manager, float value) {
        return of(manager, new float[] {value}, new Shape());
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
