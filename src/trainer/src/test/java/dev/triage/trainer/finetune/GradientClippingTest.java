package dev.triage.trainer.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GradientClippingTest {

    @Test
    void scalesAllGradientsTogetherToTheLimit() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Map<String, NDArray> parameters = parameters(manager, 3f, 4f);
            assertThat(GradientClipping.clip(parameters, 1.0)).isCloseTo(10.0, within(1e-5)); // grads 2·3, 2·4
            assertThat(GradientClipping.norm(parameters)).isCloseTo(1.0, within(1e-5));
            assertThat(parameters.get("a").getGradient().getFloat()).isCloseTo(0.6f, within(1e-5f));
        }
    }

    @Test
    void leavesSmallGradientsAlone() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Map<String, NDArray> parameters = parameters(manager, 0.3f, 0.4f);
            GradientClipping.clip(parameters, 5.0);
            assertThat(parameters.get("b").getGradient().getFloat()).isCloseTo(0.8f, within(1e-6f));
        }
    }

    @Test
    void namesNonFiniteGradients() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Map<String, NDArray> parameters = parameters(manager, Float.NaN, 1f);
            assertThat(GradientClipping.norm(parameters)).isNaN();
            assertThat(GradientClipping.nonFinite(parameters)).containsExactly("a");
        }
    }

    /** Two scalar parameters with gradient 2·value each (the gradient of a² + b²). */
    private static Map<String, NDArray> parameters(NDManager manager, float a, float b) {
        Map<String, NDArray> parameters = new LinkedHashMap<>();
        parameters.put("a", manager.create(a));
        parameters.put("b", manager.create(b));
        parameters.values().forEach(p -> p.setRequiresGradient(true));
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(parameters.get("a").square().add(parameters.get("b").square()));
        }
        return parameters;
    }
}
