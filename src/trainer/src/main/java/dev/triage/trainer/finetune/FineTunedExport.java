package dev.triage.trainer.finetune;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.core.bundle.ModelBundle;
import dev.triage.core.bundle.ProblemType;
import dev.triage.core.logits.InferenceSettings;
import dev.triage.core.tokens.TextTokenizer;
import dev.triage.export.BundleSpec;
import dev.triage.export.BundleWriter;
import dev.triage.export.ClassifierGraphBuilder;
import dev.triage.export.EncoderGraph;
import dev.triage.export.transformer.Tensor;
import dev.triage.export.transformer.TransformerGraphWriter;
import dev.triage.trainer.encoder.PretrainedEncoder;
import dev.triage.trainer.recipe.Recipe;
import dev.triage.trainer.training.ExportedBundleReportAccess;
import dev.triage.trainer.training.TrainingData;
import dev.triage.trainer.training.TrainingResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A fine-tuned model to a bundle: the encoder's weights written as an ONNX encoder graph, the
 * pooling and classifier appended as features mode appends them, the bundle's logits checked
 * against the DJL model's, the exported bundle evaluated, and the training log and curves added to
 * its report.
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
     * Writes the bundle of the best weights, checks it against the DJL model and evaluates it.
     *
     * @param details what triage.json records of the run (base model, data, training settings and history)
     */
    TrainingResult export(Recipe recipe, Path out, Path trainingDir, SequenceClassifier model, Map<String, Tensor> best,
                          PretrainedEncoder pretrained, TrainingData data, ObjectNode details) throws IOException {
        Map<String, Tensor> encoderWeights = new LinkedHashMap<>(best);
        encoderWeights.remove(SequenceClassifier.CLASSIFIER_WEIGHT);
        encoderWeights.remove(SequenceClassifier.CLASSIFIER_BIAS);
        EncoderGraph encoder = EncoderGraph.of(TransformerGraphWriter.write(pretrained.config(), encoderWeights), pretrained.name());
        var graph = ClassifierGraphBuilder.classifier(encoder, model.pooling(), SequenceClassifier.head(best));
        BundleSpec spec = new BundleSpec(recipe.name(), recipe.version(), pretrained.config().architecture().modelType(),
                data.train().labels(), ProblemType.SINGLE_LABEL, recipe.maxSequenceLength(), details);
        ModelBundle bundle = BundleWriter.write(out, graph, pretrained.tokenizer(), spec);
        log.println("bundle: " + bundle.id() + " written to " + bundle.directory());

        ObjectNode extra = JSON.createObjectNode();
        extra.set("training", details.path("training"));
        TrainingResult result = ExportedBundleReportAccess.finish(bundle, recipe, data, texts -> engineLogits(model, texts, pretrained,
                recipe), settings, log, extra);
        Path report = out.resolve("report");
        Files.copy(trainingDir.resolve(TrainingLog.FILE), report.resolve(TrainingLog.FILE), StandardCopyOption.REPLACE_EXISTING);
        TrainingCurves.write(report.resolve(TrainingLog.FILE), recipe.name() + "@" + recipe.version() + ": fine-tuning "
                + pretrained.name(), report.resolve("training-curves.png"));
        return result;
    }

    /** The DJL model's logits for texts (dropout off), for the export parity check. */
    private static float[][] engineLogits(SequenceClassifier model, List<String> texts, PretrainedEncoder pretrained, Recipe recipe) {
        try (TextTokenizer tokenizer = TextTokenizer.open(pretrained.tokenizer(), recipe.maxSequenceLength());
             NDScope ignored = new NDScope()) {
            NDArray logits = model.logits(tokenizer.encode(texts), false);
            float[] flat = logits.toFloatArray();
            int classes = (int) logits.getShape().get(1);
            float[][] rows = new float[texts.size()][classes];
            for (int i = 0; i < rows.length; i++) {
                System.arraycopy(flat, i * classes, rows[i], 0, classes);
            }
            return rows;
        }
    }
}
