package dev.triage.function.ops;

import dev.triage.core.TextClassifier;
import dev.triage.function.model.ModelPreloader;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import org.jboss.logging.Logger;

/**
 * SnapStart (JVM flavour): before Lambda snapshots the initialised function, run a few
 * classifications so the snapshot holds a warmed model (ONNX Runtime's arena and kernels
 * initialised, the tokenizer's native library loaded, the hot Java paths JIT-compiled), not just a
 * loaded one. The model itself is loaded at start-up by {@link ModelPreloader}, which runs before
 * the snapshot. After restore nothing model-related must be refreshed: the model holds no
 * randomness, no credentials and no connections. The AWS clients are created on first use, after
 * restore, so they never carry init-phase connections or credentials into another instance.
 *
 * <p>Registration is harmless without SnapStart: org.crac's hooks only run on a CRaC checkpoint.
 */
@ApplicationScoped
public class SnapStartPriming implements Resource {

    private static final Logger LOG = Logger.getLogger(SnapStartPriming.class);
    static final List<String> PRIMING_TEXTS = List.of(
            "Subject: priming\nThis text warms the model before the snapshot.",
            "a short one",
            "a somewhat longer text, so that more than one sequence length has gone through the graph before any caller sends one");

    @Inject
    ModelPreloader models;

    void register(@Observes StartupEvent event) {
        Core.getGlobalContext().register(this);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) {
        long start = System.nanoTime();
        TextClassifier classifier = models.classifier();
        for (int round = 0; round < 20; round++) {
            classifier.classifyAll(PRIMING_TEXTS, 1);
        }
        LOG.infof("primed %s for the snapshot in %d ms", classifier.bundle().id(), (System.nanoTime() - start) / 1_000_000);
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        LOG.info("restored from a SnapStart snapshot");
    }
}
