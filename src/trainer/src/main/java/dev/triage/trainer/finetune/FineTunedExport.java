package dev.triage.trainer.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.core.bundle.ProblemType;
import dev.triage.core.logits.InferenceSettings;
import dev.triage.core.tokens.TextTokenizer;
import dev.triage.export.BundleSpec;
import dev.triage.export.BundleWriter;
import dev.triage.export.ClassifierGraphBuilder;
import dev.triage.export.EncoderGraph;
import dev.triage.export.StagedBundle;
import dev.triage.export.transformer.Tensor;
import dev.triage.export.transformer.TransformerGraphWriter;
import dev.triage.trainer.training.ExportedBundleReport;
import dev.triage.trainer.training.TrainingResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fine-tuned model to a bundle: the encoder's weights written as an ONNX encoder graph, the
 * pooling and classifier appended as features mode appends them, the bundle's logits checked
 * against the DJL model's, the exported bundle evaluated, and the training log and curves added to
 * its report; then the bundle is published with its triage.json.
 */
final class FineTunedExport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final InferenceSettings settings;
    private final PrintStream log;

    FineTunedExport(InferenceSettings settings, PrintStream log) {
        this.settings = settings;
        this.log = log;
    }

    /**
     * Exports {@code model}, which holds the best weights {@code best}.
     *
     * @param details what triage.json records of the run
     */
    TrainingResult export(FineTuneSetup setup, Path out, Path trainingDir, SequenceClassifier model, Map<String, Tensor> best,
                          TrainingDetails details) throws IOException {
        Map<String, Tensor> encoderWeights = new LinkedHashMap<>(best);
        encoderWeights.remove(SequenceClassifier.CLASSIFIER_WEIGHT);
        encoderWeights.remove(SequenceClassifier.CLASSIFIER_BIAS);
        EncoderGraph encoder = EncoderGraph.of(TransformerGraphWriter.write(setup.pretrained().config(), encoderWeights),
                setup.pretrained().name());
        var graph = ClassifierGraphBuilder.classifier(encoder, model.pooling(), SequenceClassifier.head(best));
        BundleSpec spec = new BundleSpec(setup.recipe().name(), setup.recipe().version(),
                setup.pretrained().config().architecture().modelType(), setup.labels(), ProblemType.SINGLE_LABEL,
                setup.recipe().maxSequenceLength(), JSON.valueToTree(details));
        try (StagedBundle staged = BundleWriter.stage(out, graph, setup.pretrained().tokenizer(), spec)) {
            List<String> parityTexts = ExportedBundleReport.parityTexts(setup.data().validation());
            float[][] engineLogits = engineLogits(model, parityTexts, setup);
            ObjectNode reportExtra = JSON.createObjectNode();
            reportExtra.set("training", JSON.valueToTree(details.training()));
            ExportedBundleReport measured = ExportedBundleReport.measure(staged, setup.recipe(), setup.data(), engineLogits,
                    settings, log, reportExtra);
            Path report = staged.directory().resolve("report");
            Files.copy(trainingDir.resolve(TrainingLog.FILE), report.resolve(TrainingLog.FILE), StandardCopyOption.REPLACE_EXISTING);
            TrainingCurves.write(report.resolve(TrainingLog.FILE), setup.recipe().name() + "@" + setup.recipe().version()
                    + ": fine-tuning " + setup.pretrained().name(), report.resolve("training-curves.png"));
            return measured.publish();
        }
    }

    /** The DJL model's logits for texts (dropout off), for the export parity check, a few texts per pass. */
    private static float[][] engineLogits(SequenceClassifier model, List<String> texts, FineTuneSetup setup) {
        float[][] rows = new float[texts.size()][];
        try (TextTokenizer tokenizer = TextTokenizer.open(setup.pretrained().tokenizer(), setup.recipe().maxSequenceLength())) {
            int perPass = ActivationBudget.inferenceRows(model.config(), setup.recipe().maxSequenceLength());
            for (int start = 0; start < texts.size(); start += perPass) {
                List<String> part = texts.subList(start, Math.min(texts.size(), start + perPass));
                try (NDScope ignored = new NDScope()) {
                    NDArray logits = model.logits(tokenizer.encode(part), false);
                    float[] flat = logits.toFloatArray();
                    int classes = (int) logits.getShape().get(1);
                    for (int i = 0; i < part.size(); i++) {
                        rows[start + i] = Arrays.copyOfRange(flat, i * classes, (i + 1) * classes);
                    }
                }
            }
        }
        return rows;
    }
}
