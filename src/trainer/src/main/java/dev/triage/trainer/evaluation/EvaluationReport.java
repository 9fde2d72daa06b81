package dev.triage.trainer.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes an evaluation to a folder: {@code metrics.json}, {@code confusion-matrix.png} and
 * {@code high-loss.csv} (the examples with the highest loss: text, gold, predicted, loss).
 */
public final class EvaluationReport {

    public static final String METRICS = "metrics.json";
    public static final String CONFUSION_PNG = "confusion-matrix.png";
    public static final String HIGH_LOSS = "high-loss.csv";

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private EvaluationReport() {
    }

    /**
     * @param extra anything to record beside the metrics (model, data file, baseline); may be null
     * @return the metrics JSON as written
     */
    public static ObjectNode write(Path dir, String modelId, String dataName, Evaluation evaluation, int topLosses,
                                   ObjectNode extra) throws IOException {
        Files.createDirectories(dir);
        ObjectNode root = JSON.createObjectNode();
        root.put("model", modelId);
        root.put("data", dataName);
        root.setAll(evaluation.metrics().toJson(JSON));
        root.put("meanLoss", Math.round(evaluation.meanLoss() * 1e6) / 1e6);
        if (extra != null) {
            root.setAll(extra);
        }
        JSON.writeValue(dir.resolve(METRICS).toFile(), root);
        Metrics metrics = evaluation.metrics();
        ConfusionMatrixChart.write(metrics, String.format(Locale.ROOT, "%s on %s: accuracy %.3f, macro-F1 %.3f",
                modelId, dataName, metrics.accuracy(), metrics.macroF1()), dir.resolve(CONFUSION_PNG));
        writeHighLoss(dir.resolve(HIGH_LOSS), evaluation.highestLoss(topLosses), metrics.labels());
        return root;
    }

    static void writeHighLoss(Path csv, List<ScoredExample> examples, List<String> labels) throws IOException {
        try (Writer writer = Files.newBufferedWriter(csv, StandardCharsets.UTF_8);
             CSVPrinter printer = new CSVPrinter(writer, CSVFormat.DEFAULT.builder()
                     .setHeader("text", "gold", "predicted", "predicted_score", "loss", "source").get())) {
            for (ScoredExample example : examples) {
                printer.printRecord(example.example().text(), labels.get(example.gold()), labels.get(example.predicted()),
                        String.format(Locale.ROOT, "%.4f", example.predictedScore()),
                        String.format(Locale.ROOT, "%.4f", example.loss()), example.example().source());
            }
        }
    }

    /** A one-screen summary for the terminal. */
    public static String summary(Metrics metrics) {
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "accuracy %.4f  macro-F1 %.4f  weighted-F1 %.4f  (%d examples)%n",
                metrics.accuracy(), metrics.macroF1(), metrics.weightedF1(), metrics.total()));
        text.append(String.format(Locale.ROOT, "  %-14s %9s %9s %9s %8s%n", "label", "precision", "recall", "f1", "support"));
        for (int c = 0; c < metrics.labels().size(); c++) {
            text.append(String.format(Locale.ROOT, "  %-14s %9.4f %9.4f %9.4f %8d%n", metrics.labels().get(c),
                    metrics.precision()[c], metrics.recall()[c], metrics.f1()[c], metrics.support()[c]));
        }
        return text.toString();
    }
}
