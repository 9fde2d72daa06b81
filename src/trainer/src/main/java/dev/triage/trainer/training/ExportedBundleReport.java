package dev.triage.trainer.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.core.TextClassifier;
import dev.triage.core.bundle.ModelBundle;
import dev.triage.core.logits.InferenceSettings;
import dev.triage.export.BundleWriter;
import dev.triage.trainer.baseline.TfidfSvmBaseline;
import dev.triage.trainer.data.Dataset;
import dev.triage.trainer.evaluation.BundleEvaluator;
import dev.triage.trainer.evaluation.Evaluation;
import dev.triage.trainer.evaluation.EvaluationReport;
import dev.triage.trainer.evaluation.Metrics;
import dev.triage.trainer.progress.ProgressBar;
import dev.triage.trainer.recipe.Recipe;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * What every training mode does once its bundle is written: prove the export (the bundle's logits
 * equal the training engine's on validation texts), evaluate the exported bundle through ONNX
 * Runtime, fit the TF-IDF baseline on the same split, write the report and record the metrics in
 * triage.json.
 */
final class ExportedBundleReport {

    /** Largest difference allowed between the training engine's logits and the exported graph's. */
    static final double PARITY_TOLERANCE = 1e-4;
    static final int PARITY_EXAMPLES = 64;
    private static final ObjectMapper JSON = new ObjectMapper();

    private ExportedBundleReport() {
    }

    /**
     * @param engineLogits the training engine's logits for the given validation texts
     * @param extra        more to put in report/metrics.json (training history, say); may be null
     */
    static TrainingResult finish(ModelBundle bundle, Recipe recipe, TrainingData data,
                                 Function<List<String>, float[][]> engineLogits, InferenceSettings settings,
                                 PrintStream log, ObjectNode extra) throws IOException {
        Dataset validation = data.validation();
        Path out = bundle.directory();
        TrainingResult result;
        try (TextClassifier classifier = TextClassifier.open(bundle, settings)) {
            List<String> parityTexts = validation.texts().subList(0, Math.min(PARITY_EXAMPLES, validation.size()));
            double parity = maxDifference(classifier.logits(parityTexts), engineLogits.apply(parityTexts));
            log.printf(Locale.ROOT, "export parity: max |logit difference| %.2e over %d validation texts (limit %.0e)%n",
                    parity, parityTexts.size(), PARITY_TOLERANCE);
            if (!(parity <= PARITY_TOLERANCE)) {
                throw new IllegalStateException("the exported graph's logits differ from the training engine's by "
                        + parity + ", above " + PARITY_TOLERANCE + ": the export is wrong, the bundle must not be used");
            }
            Evaluation evaluation = BundleEvaluator.evaluate(classifier, validation,
                    new ProgressBar("evaluate", validation.size(), "texts", log));
            Metrics baseline = null;
            if (recipe.baseline().enabled()) {
                long start = System.nanoTime();
                baseline = TfidfSvmBaseline.fit(data.train(), recipe.baseline().c()).evaluate(validation);
                log.printf(Locale.ROOT, "baseline fitted and evaluated in %.1fs%n", (System.nanoTime() - start) / 1e9);
            }
            ObjectNode reportExtra = JSON.createObjectNode();
            reportExtra.put("exportParityMaxAbsDiff", parity);
            if (baseline != null) {
                reportExtra.set("baseline", baselineJson(recipe, baseline));
            }
            if (extra != null) {
                reportExtra.setAll(extra);
            }
            EvaluationReport.write(out.resolve("report"), bundle.id(), recipe.data().validation().getFileName().toString(),
                    evaluation, recipe.topLosses(), reportExtra);
            ObjectNode metrics = JSON.createObjectNode();
            ObjectNode validationMetrics = metrics.putObject("validation");
            validationMetrics.put("accuracy", evaluation.metrics().accuracy());
            validationMetrics.put("macroF1", evaluation.metrics().macroF1());
            validationMetrics.put("examples", evaluation.metrics().total());
            if (baseline != null) {
                metrics.set("baseline", baselineJson(recipe, baseline));
            }
            ObjectNode update = JSON.createObjectNode();
            update.set("metrics", metrics);
            result = new TrainingResult(BundleWriter.updateDetails(out, update), evaluation.metrics(), baseline, parity);
        }
        log.println();
        log.println("validation, exported bundle through ONNX Runtime: " + EvaluationReport.summary(result.metrics()));
        if (result.baseline() != null) {
            log.printf(Locale.ROOT, "baseline, TF-IDF 1-2-grams + linear SVM: accuracy %.4f  macro-F1 %.4f%n",
                    result.baseline().accuracy(), result.baseline().macroF1());
        }
        log.println("report: " + out.resolve("report"));
        return result;
    }

    static double maxDifference(float[][] a, float[][] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < a[i].length; k++) {
                max = Math.max(max, Math.abs(a[i][k] - b[i][k]));
            }
        }
        return max;
    }

    private static ObjectNode baselineJson(Recipe recipe, Metrics baseline) {
        ObjectNode node = JSON.createObjectNode();
        node.put("method", "TF-IDF word 1-2-grams + linear SVM (liblinear, C=" + recipe.baseline().c() + ")");
        node.put("accuracy", baseline.accuracy());
        node.put("macroF1", baseline.macroF1());
        return node;
    }
}
