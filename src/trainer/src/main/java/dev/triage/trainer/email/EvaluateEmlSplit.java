package dev.triage.trainer.email;

import dev.triage.core.TextClassifier;
import dev.triage.core.bundle.ModelBundle;
import dev.triage.core.logits.InferenceSettings;
import dev.triage.trainer.baseline.TfidfSvmBaseline;
import dev.triage.trainer.data.Dataset;
import dev.triage.trainer.data.EmlFolderSet;
import dev.triage.trainer.evaluation.BundleEvaluator;
import dev.triage.trainer.evaluation.Evaluation;
import dev.triage.trainer.evaluation.EvaluationReport;
import dev.triage.trainer.evaluation.Metrics;
import dev.triage.trainer.progress.ProgressBar;
import java.nio.file.Path;

/**
 * Evaluates a bundle on one part of an {@value EmlFolderSet#FORMAT} split (such as the spam recipe's
 * held-out test part), through ONNX Runtime exactly as the function serves, and writes the usual
 * report. {@code triage evaluate} reads text files; this reads the .eml folders through the same
 * e-mail code the function runs.
 *
 * <p>Usage: {@code java -cp src/trainer/target/triage-trainer.jar dev.triage.trainer.email.EvaluateEmlSplit
 * <bundle-dir> <split.json> <report-dir> [threads] [train-split.json]}; with a training split, the
 * trainer's TF-IDF + linear SVM baseline is fitted on it and scored on the same part, for comparison.
 */
public final class EvaluateEmlSplit {

    private EvaluateEmlSplit() {
    }

    public static void main(String[] args) throws java.io.IOException {
        if (args.length < 3 || args.length > 5) {
            System.err.println("usage: EvaluateEmlSplit <bundle-dir> <split.json> <report-dir> [threads] [train-split.json]");
            System.exit(2);
        }
        ModelBundle bundle = ModelBundle.load(Path.of(args[0]));
        Path split = Path.of(args[1]);
        InferenceSettings settings = args.length >= 4 ? InferenceSettings.cpu(Integer.parseInt(args[3])) : InferenceSettings.defaults();
        long start = System.nanoTime();
        Dataset data = Dataset.of(EmlFolderSet.read(split), bundle.labels());
        try (TextClassifier classifier = TextClassifier.open(bundle, settings)) {
            Evaluation evaluation = BundleEvaluator.evaluate(classifier, data, new ProgressBar("evaluate", data.size(), "messages", System.out));
            EvaluationReport.write(Path.of(args[2]), bundle.id(), split.getFileName().toString(), evaluation, 30, null);
            System.out.println(bundle.id() + " on " + split + " (" + data.size() + " messages, "
                    + (System.nanoTime() - start) / 1_000_000_000 + " s): " + EvaluationReport.summary(evaluation.metrics()));
            System.out.println("report: " + args[2]);
        }
        if (args.length == 5) {
            Dataset train = Dataset.of(EmlFolderSet.read(Path.of(args[4])), bundle.labels());
            Metrics baseline = TfidfSvmBaseline.fit(train, 1.0).evaluate(data);
            System.out.printf(java.util.Locale.ROOT, "baseline on the same part, TF-IDF 1-2-grams + linear SVM (C=1) fitted on %s: "
                    + "accuracy %.4f  macro-F1 %.4f%n", args[4], baseline.accuracy(), baseline.macroF1());
        }
    }
}
