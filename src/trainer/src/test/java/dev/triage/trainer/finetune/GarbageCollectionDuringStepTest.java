package dev.triage.trainer.finetune;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The root cause of the run whose every update was skipped from step 264 on: the forward pass used
 * scalars (the attention scale, the loss's 1/n) that DJL wraps in a Java direct buffer and lets go
 * of at once, while autograd keeps them for backward. A garbage collection between forward and
 * backward freed them, and backward then multiplied by whatever that memory held. Here Java
 * collects garbage (and its Cleaner frees direct buffers) between the forward and the backward of
 * a step, and the gradients must be exactly those of a step without a collection.
 */
class GarbageCollectionDuringStepTest {

    @TempDir
    Path dir;

    @Test
    void gradientsDoNotDependOnWhenJavaCollectsGarbage() throws Exception {
        FineTuneSetup setup = FineTuneFixtures.withoutDropout(dir, 16, 16);
        int[] batch = IntStream.range(0, 16).toArray();
        try (SequenceClassifier model = setup.newModel(FineTuneFixtures.quiet())) {
            Map<String, float[]> undisturbed = gradients(model, setup, batch, false);
            Map<String, float[]> collected = gradients(model, setup, batch, true);
            for (String name : undisturbed.keySet()) {
                float[] expected = undisturbed.get(name);
                float[] actual = collected.get(name);
                for (int i = 0; i < expected.length; i++) {
                    if (Float.compare(expected[i], actual[i]) != 0) {
                        assertThat(actual[i]).as(name + "[" + i + "]").isEqualTo(expected[i]);
                    }
                }
            }
        }
    }

    private static Map<String, float[]> gradients(SequenceClassifier model, FineTuneSetup setup, int[] batch,
                                                  boolean collectBeforeBackward) throws InterruptedException {
        Gradients.zero(model.parameters());
        try (NDScope ignored = new NDScope(); GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray loss = SequenceClassifier.crossEntropy(model.logits(setup.train().batch(batch), true),
                    setup.train().labels(batch));
            if (collectBeforeBackward) {
                for (int i = 0; i < 3; i++) {
                    System.gc();
                    Thread.sleep(100); // the Cleaner thread frees unreachable direct buffers after a collection
                }
            }
            collector.backward(loss);
        }
        Map<String, float[]> gradients = new LinkedHashMap<>();
        model.parameters().forEach((name, parameter) -> {
            try (NDScope ignored = new NDScope()) {
                gradients.put(name, parameter.getGradient().toFloatArray());
            }
        });
        return gradients;
    }
}
