package dev.triage.trainer.training;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.core.TextClassifier;
import dev.triage.core.bundle.ModelBundle;
import dev.triage.core.logits.InferenceSettings;
import dev.triage.export.StagedBundle;
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

/**
 * What every training mode does with its staged bundle before publishing it: prove the export (the
 * bundle's logits equal the training engine's on validation texts), evaluate the bundle through ONNX
 * Runtime, fit the TF-IDF baseline on the same split and write the report; then publish the bundle
 * with the metrics in its triage.json, written once.
 */
public final class ExportedBundleReport {

    /** Largest difference allowed between the training engine's logits and the exported graph's. */
    public static final double PARITY_TOLERANCE = 1e-4;
    static final int PARITY_EXAMPLES = 64;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StagedBundle staged;
    private final Metrics metrics;
    private final Metrics baseline;
    private final double parity;
    private final ObjectNode measured;
    private final PrintStream log;

    private ExportedBundleReport(StagedBundle staged, Metrics metrics, Metrics baseline, double parity, ObjectNode measured,
                                 PrintStream log) {
        this.staged = staged;
        this.metrics = metrics;
        this.baseline = baseline;
        this.parity = parity;
        this.measured = measured;
        this.log = log;
    }

    /** The validation texts on which the training engine's logits must match the export's. */
    public static List<String> parityTexts(Dataset validation) {
        return validation.texts().subList(0, Math.min(PARITY_EXAMPLES, validation.size()));
    }

    /**
     * Checks and evaluates the staged bundle and writes its report folder.
     *
     * @param engineLogits the training engine's logits for {@link #parityTexts}, in their order
     * @param reportExtra  more to put in report/metrics.json (training history, say); may be null
     * @throws IllegalStateException when the export's logits differ from the engine's beyond the tolerance
     */
    public static ExportedBundleReport measure(StagedBundle staged, Recipe recipe, TrainingData data, float[][] engineLogits,
                                               InferenceSettings settings, PrintStream log, ObjectNode reportExtra)
            throws IOException {
        Dataset validation = data.validation();
        ModelBundle bundle = staged.bundle();
        try (TextClassifier classifier = TextClassifier.open(bundle, settings)) {
            List<String> parityTexts = parityTexts(validation);
            double parity = maxDifference(classifier.logits(parityTexts), engineLogits);
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
            ObjectNode report = JSON.createObjectNode();
            report.put("exportParityMaxAbsDiff", parity);
            if (baseline != null) {
                report.set("baseline", baselineJson(recipe, baseline));
            }
            if (reportExtra != null) {
                report.setAll(reportExtra);
            }
            EvaluationReport.write(staged.directory().resolve("report"), bundle.id(),
                    recipe.data().validation().getFileName().toString(), evaluation, recipe.topLosses(), report);
            ObjectNode metrics = JSON.createObjectNode();
            ObjectNode validationMetrics = metrics.putObject("validation");
            validationMetrics.put("accuracy", evaluation.metrics().accuracy());
            validationMetrics.put("macroF1", evaluation.metrics().macroF1());
            validationMetrics.put("examples", evaluation.metrics().total());
            if (baseline != null) {
                metrics.set("baseline", baselineJson(recipe, baseline));
            }
            ObjectNode measured = JSON.createObjectNode();
            measured.set("metrics", metrics);
            return new ExportedBundleReport(staged, evaluation.metrics(), baseline, parity, measured, log);
        }
    }

    /** Publishes the bundle with its metrics in triage.json, and prints the summary. */
    public TrainingResult publish() throws IOException {
        ModelBundle bundle = staged.publish(measured);
        Path out = bundle.directory();
        log.println("bundle: " + bundle.id() + " written to " + out);
        log.println();
        log.println("validation, exported bundle through ONNX Runtime: " + EvaluationReport.summary(metrics));
        if (baseline != null) {
            log.printf(Locale.ROOT, "baseline, TF-IDF 1-2-grams + linear SVM: accuracy %.4f  macro-F1 %.4f%n",
                    baseline.accuracy(), baseline.macroF1());
        }
        log.println("report: " + out.resolve("report"));
        return new TrainingResult(bundle, metrics, baseline, parity);
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
