package dev.triage.trainer.cli;

import dev.triage.core.TextClassifier;
import dev.triage.core.bundle.ModelBundle;
import dev.triage.trainer.data.DataFormat;
import dev.triage.trainer.data.Dataset;
import dev.triage.trainer.data.DatasetReader;
import dev.triage.trainer.evaluation.BundleEvaluator;
import dev.triage.trainer.evaluation.Evaluation;
import dev.triage.trainer.evaluation.EvaluationReport;
import dev.triage.trainer.progress.ProgressBar;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = {"Evaluates a bundle on labelled data through ONNX Runtime, exactly as it serves.",
                "Writes metrics.json (accuracy, macro- and weighted-F1, per-class precision/recall/F1, confusion matrix), "
                        + "confusion-matrix.png and high-loss.csv to --out."})
public final class EvaluateCommand implements Callable<Integer> {

    @Option(names = "--bundle", required = true, description = "The bundle folder.")
    Path bundle;

    @Option(names = "--data", required = true, description = "Labelled data: .txt (text;label), .csv, .tsv or .jsonl.")
    Path data;

    @Option(names = "--format", description = "The data format when the file name does not tell: semicolon, csv, tsv, jsonl.")
    String format;

    @Option(names = "--text-column", defaultValue = "text", description = "Text column or field (default: ${DEFAULT-VALUE}).")
    String textColumn;

    @Option(names = "--label-column", defaultValue = "label", description = "Label column or field (default: ${DEFAULT-VALUE}).")
    String labelColumn;

    @Option(names = "--out", description = "Report folder (default: target/evaluations/<model>).")
    Path out;

    @Option(names = "--top-losses", defaultValue = "20", description = "Examples with the highest loss to list (default: ${DEFAULT-VALUE}).")
    int topLosses;

    @Mixin
    RuntimeOptions runtime;

    @Override
    public Integer call() throws Exception {
        ModelBundle loaded = ModelBundle.load(bundle);
        DatasetReader reader = new DatasetReader(textColumn, labelColumn);
        Dataset dataset = Dataset.of(format == null ? reader.read(data) : reader.read(data, DataFormat.parse(format)),
                loaded.labels());
        Path target = out != null ? out : Path.of("target", "evaluations", loaded.name() + "-" + loaded.version());
        try (TextClassifier classifier = TextClassifier.open(loaded, runtime.inference())) {
            Evaluation evaluation = BundleEvaluator.evaluate(classifier, dataset,
                    new ProgressBar("evaluate", dataset.size(), "texts", System.out));
            EvaluationReport.write(target, loaded.id(), data.getFileName().toString(), evaluation, topLosses, null);
            System.out.println(loaded.id() + " on " + data.getFileName() + ": " + EvaluationReport.summary(evaluation.metrics()));
            System.out.println("report: " + target);
        }
        return 0;
    }
}
