package dev.triage.trainer.evaluation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The book's measures of a classifier on labelled data: accuracy, macro- and weighted-F1,
 * per-class precision, recall and F1 with support, and the confusion matrix (rows: gold label,
 * columns: predicted label). A class never predicted has precision 0, as scikit-learn reports it.
 */
public record Metrics(List<String> labels, int[][] confusion, double accuracy, double macroF1, double weightedF1,
                      double[] precision, double[] recall, double[] f1, int[] support) {

    public static Metrics of(List<String> labels, int[] gold, int[] predicted) {
        if (gold.length != predicted.length || gold.length == 0) {
            throw new IllegalArgumentException("need as many predictions as gold labels, and at least one");
        }
        int k = labels.size();
        int[][] confusion = new int[k][k];
        int correct = 0;
        for (int i = 0; i < gold.length; i++) {
            confusion[gold[i]][predicted[i]]++;
            if (gold[i] == predicted[i]) {
                correct++;
            }
        }
        double[] precision = new double[k];
        double[] recall = new double[k];
        double[] f1 = new double[k];
        int[] support = new int[k];
        double macro = 0;
        double weighted = 0;
        for (int c = 0; c < k; c++) {
            int truePositives = confusion[c][c];
            int predictedAs = 0;
            for (int[] row : confusion) {
                predictedAs += row[c];
            }
            for (int p = 0; p < k; p++) {
                support[c] += confusion[c][p];
            }
            precision[c] = predictedAs == 0 ? 0 : (double) truePositives / predictedAs;
            recall[c] = support[c] == 0 ? 0 : (double) truePositives / support[c];
            f1[c] = precision[c] + recall[c] == 0 ? 0 : 2 * precision[c] * recall[c] / (precision[c] + recall[c]);
            macro += f1[c];
            weighted += f1[c] * support[c];
        }
        return new Metrics(List.copyOf(labels), confusion, (double) correct / gold.length, macro / k,
                weighted / gold.length, precision, recall, f1, support);
    }

    public int total() {
        int total = 0;
        for (int s : support) {
            total += s;
        }
        return total;
    }

    public ObjectNode toJson(ObjectMapper json) {
        ObjectNode root = json.createObjectNode();
        root.put("examples", total());
        root.put("accuracy", round(accuracy));
        root.put("macroF1", round(macroF1));
        root.put("weightedF1", round(weightedF1));
        ObjectNode perClass = root.putObject("perClass");
        for (int c = 0; c < labels.size(); c++) {
            ObjectNode entry = perClass.putObject(labels.get(c));
            entry.put("precision", round(precision[c]));
            entry.put("recall", round(recall[c]));
            entry.put("f1", round(f1[c]));
            entry.put("support", support[c]);
        }
        ObjectNode matrix = root.putObject("confusionMatrix");
        ArrayNode names = matrix.putArray("labels");
        labels.forEach(names::add);
        matrix.put("rows", "gold label");
        matrix.put("columns", "predicted label");
        ArrayNode counts = matrix.putArray("counts");
        for (int[] row : confusion) {
            ArrayNode values = counts.addArray();
            for (int v : row) {
                values.add(v);
            }
        }
        return root;
    }

    private static double round(double value) {
        return Math.round(value * 1e6) / 1e6;
    }
}
