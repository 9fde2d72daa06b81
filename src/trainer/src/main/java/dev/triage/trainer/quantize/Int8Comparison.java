package dev.triage.trainer.quantize;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.core.TextClassifier;
import dev.triage.core.bundle.ModelBundle;
import dev.triage.core.logits.InferenceSettings;
import dev.triage.trainer.data.Dataset;
import dev.triage.trainer.evaluation.BundleEvaluator;
import dev.triage.trainer.evaluation.Evaluation;
import dev.triage.trainer.evaluation.EvaluationReport;
import dev.triage.trainer.evaluation.Metrics;
import dev.triage.trainer.progress.ProgressBar;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;

/**
 * An int8 bundle evaluated beside its fp32 source on the same data, through ONNX Runtime as both
 * serve: accuracy, macro-F1, the share of texts whose label both give, size and evaluation speed. The
 * int8 bundle's report and triage.json get its own figures and the comparison.
 *
 * @param split         what the data is to the model: {@code validation}, {@code test}
 * @param fp32          the fp32 bundle's metrics
 * @param int8          the int8 bundle's metrics
 * @param agreement     share of texts both label alike
 * @param fp32Bytes     size of the fp32 model.onnx
 * @param int8Bytes     size of the int8 model.onnx
 * @param fp32Seconds   time the fp32 evaluation took (batches of similar length)
 * @param int8Seconds   time the int8 evaluation took
 */
public record Int8Comparison(String split, Metrics fp32, Metrics int8, double agreement, long fp32Bytes, long int8Bytes,
                             double fp32Seconds, double int8Seconds) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Evaluates both bundles on {@code data} and writes the int8 bundle's report (to {@code report/}, or
     * {@code report-<split>/} for another split than validation); {@link #metricsJson} gives the figures
     * for its triage.json, which the caller writes once (the int8 bundle is evaluated while staged).
     */
    public static Int8Comparison evaluate(ModelBundle fp32Bundle, ModelBundle int8Bundle, Dataset data, String split,
                                          String dataName, InferenceSettings settings, int topLosses, PrintStream log)
            throws IOException {
        Timed fp32 = evaluate(fp32Bundle, data, settings, log);
        Timed int8 = evaluate(int8Bundle, data, settings, log);
        List<dev.triage.trainer.evaluation.ScoredExample> a = fp32.evaluation.examples();
        List<dev.triage.trainer.evaluation.ScoredExample> b = int8.evaluation.examples();
        int same = 0;
        for (int i = 0; i < a.size(); i++) {
            same += a.get(i).predicted() == b.get(i).predicted() ? 1 : 0;
        }
        Int8Comparison comparison = new Int8Comparison(split, fp32.evaluation.metrics(), int8.evaluation.metrics(),
                (double) same / a.size(), Files.size(fp32Bundle.modelFile()), Files.size(int8Bundle.modelFile()),
                fp32.seconds, int8.seconds);

        ObjectNode extra = JSON.createObjectNode();
        extra.set("fp32", comparison.fp32Json(fp32Bundle));
        extra.put("agreementWithFp32", comparison.agreement());
        String reportFolder = split.equals("validation") ? "report" : "report-" + split;
        EvaluationReport.write(int8Bundle.directory().resolve(reportFolder), int8Bundle.id(), dataName, int8.evaluation,
                topLosses, extra);
        log.print(comparison.table(fp32Bundle.id(), int8Bundle.id(), dataName));
        return comparison;
    }

    /**
     * This split's figures as triage.json's {@code metrics} records them, under the split's name: the
     * int8 bundle's own, its agreement with fp32 and the fp32 figures beside them.
     */
    public ObjectNode metricsJson(ModelBundle fp32Bundle, String dataName) {
        ObjectNode own = JSON.createObjectNode();
        own.put("data", dataName);
        own.put("accuracy", int8.accuracy());
        own.put("macroF1", int8.macroF1());
        own.put("examples", int8.total());
        own.put("agreementWithFp32", agreement);
        own.set("fp32", fp32Json(fp32Bundle));
        return own;
    }

    private record Timed(Evaluation evaluation, double seconds) {
    }

    private static Timed evaluate(ModelBundle bundle, Dataset data, InferenceSettings settings, PrintStream log) {
        try (TextClassifier classifier = TextClassifier.open(bundle, settings)) {
            long start = System.nanoTime();
            Evaluation evaluation = BundleEvaluator.evaluate(classifier, data, new ProgressBar("evaluate " + bundle.id(),
                    data.size(), "texts", log));
            return new Timed(evaluation, (System.nanoTime() - start) / 1e9);
        }
    }

    private ObjectNode fp32Json(ModelBundle fp32Bundle) {
        ObjectNode node = JSON.createObjectNode();
        node.put("model", fp32Bundle.id());
        node.put("accuracy", fp32.accuracy());
        node.put("macroF1", fp32.macroF1());
        return node;
    }

    /** Macro-F1 lost to quantization, in points (0.5 means half a percentage point). */
    public double macroF1DropPoints() {
        return (fp32.macroF1() - int8.macroF1()) * 100;
    }

    /** The side-by-side table the terminal shows. */
    public String table(String fp32Id, String int8Id, String dataName) {
        StringBuilder text = new StringBuilder();
        text.append(String.format(Locale.ROOT, "%n%s, %d texts (%s):%n", split, fp32.total(), dataName));
        text.append(String.format(Locale.ROOT, "  %-40s %9s %9s %12s %14s%n", "model", "accuracy", "macro-F1", "model.onnx",
                "evaluation"));
        text.append(row(fp32Id, fp32, fp32Bytes, fp32Seconds));
        text.append(row(int8Id, int8, int8Bytes, int8Seconds));
        text.append(String.format(Locale.ROOT, "  int8: %.1f %% of the fp32 size, macro-F1 %+.2f points; "
                        + "both give the same label to %.2f %% of the texts (%d differ)%n",
                100.0 * int8Bytes / fp32Bytes, -macroF1DropPoints(), agreement * 100,
                Math.round((1 - agreement) * fp32.total())));
        return text.toString();
    }

    private static String row(String id, Metrics metrics, long bytes, double seconds) {
        return String.format(Locale.ROOT, "  %-40s %9.4f %9.4f %9.1f MB %12.1f s%n", id, metrics.accuracy(), metrics.macroF1(),
                bytes / 1e6, seconds);
    }
}
