package dev.triage.trainer.email;

import dev.triage.core.TextClassifier;
import dev.triage.core.bundle.ModelBundle;
import dev.triage.core.logits.InferenceSettings;
import dev.triage.trainer.data.Dataset;
import dev.triage.trainer.data.EmlFolderSet;
import dev.triage.trainer.evaluation.BundleEvaluator;
import dev.triage.trainer.evaluation.Evaluation;
import dev.triage.trainer.evaluation.EvaluationReport;
import dev.triage.trainer.progress.ProgressBar;
import java.nio.file.Path;

/**
 * Evaluates a bundle on one part of an {@value EmlFolderSet#FORMAT} split (such as the spam recipe's
 * held-out test part), through ONNX Runtime exactly as the function serves, and writes the usual
 * report. {@code triage evaluate} reads text files; this reads the .eml folders through the same
 * e-mail code the function runs.
 *
 * <p>Usage: {@code java -cp src/trainer/target/triage-trainer.jar dev.triage.trainer.email.EvaluateEmlSplit
 * <bundle-dir> <split.json> <report-dir> [threads]}
 */
public final class EvaluateEmlSplit {

    private EvaluateEmlSplit() {
    }

    public static void main(String[] args) throws java.io.IOException {
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: EvaluateEmlSplit <bundle-dir> <split.json> <report-dir> [threads]");
            System.exit(2);
        }
        ModelBundle bundle = ModelBundle.load(Path.of(args[0]));
        Path split = Path.of(args[1]);
        InferenceSettings settings = args.length == 4 ? InferenceSettings.cpu(Integer.parseInt(args[3])) : InferenceSettings.defaults();
        long start = System.nanoTime();
        Dataset data = Dataset.of(EmlFolderSet.read(split), bundle.labels());
        try (TextClassifier classifier = TextClassifier.open(bundle, settings)) {
            Evaluation evaluation = BundleEvaluator.evaluate(classifier, data, new ProgressBar("evaluate", data.size(), "messages", System.out));
            EvaluationReport.write(Path.of(args[2]), bundle.id(), split.getFileName().toString(), evaluation, 30, null);
            System.out.println(bundle.id() + " on " + split + " (" + data.size() + " messages, "
                    + (System.nanoTime() - start) / 1_000_000_000 + " s): " + EvaluationReport.summary(evaluation.metrics()));
            System.out.println("report: " + args[2]);
        }
    }
}
