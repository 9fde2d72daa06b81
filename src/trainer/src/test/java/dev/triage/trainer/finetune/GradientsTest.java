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

class GradientsTest {

    @Test
    void scalesAllGradientsTogetherToTheLimit() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Map<String, NDArray> parameters = parameters(manager, 3f, 4f);
            assertThat(Gradients.clip(parameters, 1.0)).isCloseTo(10.0, within(1e-5)); // grads 2·3, 2·4
            assertThat(Gradients.norm(parameters)).isCloseTo(1.0, within(1e-5));
            assertThat(parameters.get("a").getGradient().getFloat()).isCloseTo(0.6f, within(1e-5f));
        }
    }

    @Test
    void leavesSmallGradientsAlone() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Map<String, NDArray> parameters = parameters(manager, 0.3f, 0.4f);
            Gradients.clip(parameters, 5.0);
            assertThat(parameters.get("b").getGradient().getFloat()).isCloseTo(0.8f, within(1e-6f));
        }
    }

    @Test
    void namesNonFiniteGradients() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Map<String, NDArray> parameters = parameters(manager, Float.NaN, 1f);
            assertThat(Gradients.norm(parameters)).isNaN();
            assertThat(Gradients.nonFinite(parameters)).containsExactly("a");
        }
    }

    @Test
    void namesTheParameterNearestTheLossFirst() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Map<String, NDArray> parameters = parameters(manager, Float.NaN, Float.POSITIVE_INFINITY);
            assertThat(Gradients.nonFinite(parameters)).containsExactly("b", "a");
        }
    }

    @Test
    void zeroingClearsNaNAndInfinity() {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            Map<String, NDArray> parameters = parameters(manager, Float.NaN, Float.POSITIVE_INFINITY);
            Gradients.zero(parameters);
            assertThat(Gradients.nonFinite(parameters)).isEmpty();
            assertThat(Gradients.norm(parameters)).isZero();
            // and the next backward pass starts from zero: its gradients are this pass's alone
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.backward(parameters.get("a").mul(3f).add(parameters.get("b").mul(4f)));
            }
            assertThat(parameters.get("a").getGradient().getFloat()).isEqualTo(3f);
            assertThat(parameters.get("b").getGradient().getFloat()).isEqualTo(4f);
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
