package dev.triage.trainer.training;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.core.bundle.ModelBundle;
import dev.triage.core.logits.InferenceSettings;
import dev.triage.trainer.recipe.Recipe;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.function.Function;

/** Opens {@link ExportedBundleReport} to the fine-tuning package. */
public final class ExportedBundleReportAccess {

    private ExportedBundleReportAccess() {
    }

    public static TrainingResult finish(ModelBundle bundle, Recipe recipe, TrainingData data,
                                        Function<List<String>, float[][]> engineLogits, InferenceSettings settings,
                                        PrintStream log, ObjectNode extra) throws IOException {
        return ExportedBundleReport.finish(bundle, recipe, data, engineLogits, settings, log, extra);
    }
}
