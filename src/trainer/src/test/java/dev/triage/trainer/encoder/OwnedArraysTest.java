package dev.triage.trainer.encoder;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class OwnedArraysTest {

    @Test
    void copyingOverwritesNaNAndInfinity() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            float[] garbage = {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN, 1e38f, -0f};
            NDArray target = OwnedArrays.of(manager, garbage, new Shape(2, 3));
            float[] values = {1, 2, 3, 4, 5, 6};
            OwnedArrays.copyInto(target, values);
            assertThat(target.toFloatArray()).containsExactly(values);
        }
    }

    @Test
    void theCopyOwnsItsMemory() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            float[] values = {1, 2, 3};
            NDArray owned = OwnedArrays.of(manager, values, new Shape(3));
            NDArray target = OwnedArrays.of(manager, new float[3], new Shape(3));
            OwnedArrays.copyInto(target, values);
            Arrays.fill(values, 9f); // the Java array the copies were made from changes; they do not
            owned.muli(2);
            assertThat(owned.toFloatArray()).containsExactly(2, 4, 6);
            assertThat(target.toFloatArray()).containsExactly(1, 2, 3);
        }
    }
}
