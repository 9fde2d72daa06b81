package dev.triage.trainer.training;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.core.bundle.ProblemType;
import dev.triage.core.bundle.Sha256;
import dev.triage.core.logits.InferenceSettings;
import dev.triage.export.BuiltInEncoders.EncoderFiles;
import dev.triage.export.BundleSpec;
import dev.triage.export.BundleWriter;
import dev.triage.export.StagedBundle;
import dev.triage.export.ClassifierGraphBuilder;
import dev.triage.export.EncoderGraph;
import dev.triage.export.LinearHead;
import dev.triage.export.Pooling;
import dev.triage.export.TrainedHead;
import dev.triage.trainer.data.Dataset;
import dev.triage.trainer.features.BaseEncoders;
import dev.triage.trainer.features.FeatureCache;
import dev.triage.trainer.features.FeatureExtractor;
import dev.triage.trainer.head.SoftmaxRegression;
import dev.triage.trainer.progress.ProgressBar;
import dev.triage.trainer.recipe.Recipe;
import dev.triage.trainer.recipe.RecipeException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The book's first method, "transformers as feature extractors": run the frozen encoder over every
 * text, pool its hidden states, fit a logistic-regression head on them, and export encoder +
 * pooling + head as one ONNX graph. Then prove the export (its logits equal the training engine's)
 * and evaluate the exported bundle, beside a TF-IDF baseline fitted on the same split.
 */
public final class FeaturesModeTrainer {

    /** Largest difference allowed between the training engine's logits and the exported graph's. */
    public static final double PARITY_TOLERANCE = ExportedBundleReport.PARITY_TOLERANCE;
    /** The trained head with its bundle's metadata: small enough to commit (models/<name>/head.json). */
    public static final String HEAD_FILE = "head.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path cacheDir;
    private final InferenceSettings settings;
    private final PrintStream log;

    public FeaturesModeTrainer(Path cacheDir, InferenceSettings settings, PrintStream log) {
        this.cacheDir = cacheDir;
        this.settings = settings;
        this.log = log;
    }

    public TrainingResult train(Recipe recipe, Path out) throws IOException {
        if (recipe.distillation() != null) {
            // the head is fitted by full-batch logistic regression on gold labels; soft targets would be silently unused
            throw new RecipeException(recipe.file() + ": field 'distillation' needs mode 'finetune'; features mode fits its "
                    + "head on the gold labels alone");
        }
        TrainingData data = TrainingData.load(recipe);
        Dataset train = data.train();
        Dataset validation = data.validation();
        log.printf(Locale.ROOT, "data: %d training and %d validation examples, labels %s%n", train.size(),
                validation.size(), train.labels());

        EncoderFiles encoder = BaseEncoders.resolve(recipe.baseModel(), cacheDir);
        String encoderSha = Sha256.of(encoder.onnx());
        Pooling pooling = Pooling.fromId(recipe.pooling());
        float[][] trainFeatures;
        float[][] validationFeatures;
        try (FeatureExtractor extractor = FeatureExtractor.open(encoder, encoderSha, pooling, recipe.maxSequenceLength(),
                cacheDir, settings)) {
            trainFeatures = features(extractor, encoderSha, recipe, "train", train.texts());
            validationFeatures = features(extractor, encoderSha, recipe, "validation", validation.texts());
        } catch (ai.onnxruntime.OrtException e) {
            throw new IOException(e);
        }

        ProgressBar fitting = new ProgressBar("head", recipe.head().maxSteps(), "steps", log);
        SoftmaxRegression.Fitted fitted = SoftmaxRegression.fit(trainFeatures, train.labelIds(), train.labels().size(),
                recipe.head(), fitting);
        log.printf(Locale.ROOT, "head: %d steps, objective %.5f, %.1fs%n", fitted.steps(), fitted.loss(),
                fitting.elapsed().toMillis() / 1000.0);

        LinearHead head = fitted.forRawFeatures();
        BundleSpec spec = new BundleSpec(recipe.name(), recipe.version(), "bert", train.labels(), ProblemType.SINGLE_LABEL,
                recipe.maxSequenceLength(), details(recipe, encoder, encoderSha, data, fitted));
        ModelProto graph = ClassifierGraphBuilder.classifier(EncoderGraph.read(encoder.onnx()), pooling, head);
        TrainingResult result;
        try (StagedBundle staged = BundleWriter.stage(out, graph, encoder.tokenizer(), spec)) {
            // the parity texts are the first validation texts, whose features are the first rows
            int parityTexts = ExportedBundleReport.parityTexts(validation).size();
            float[][] engineLogits = fitted.logits(Arrays.copyOf(validationFeatures, parityTexts));
            result = ExportedBundleReport.measure(staged, recipe, data, engineLogits, settings, log, null).publish();
        }
        // head.json last, with the metrics: it rebuilds this very bundle from the same encoder.
        BundleSpec measured = new BundleSpec(spec.name(), spec.version(), spec.modelType(), spec.labels(),
                spec.problemType(), spec.maxSequenceLength(), result.bundle().manifest().orElseThrow().details());
        new TrainedHead(measured, encoder.name(), encoderSha, pooling, head).write(out.resolve(HEAD_FILE));
        return result;
    }

    private float[][] features(FeatureExtractor extractor, String encoderSha, Recipe recipe, String split, List<String> texts)
            throws IOException {
        FeatureCache cache = new FeatureCache(cacheDir.resolve("features"));
        String key = FeatureCache.key(encoderSha, recipe.pooling(), recipe.maxSequenceLength(), texts);
        float[][] cached = cache.load(key);
        if (cached != null) {
            log.println("features (" + split + "): " + texts.size() + " texts from the cache");
            return cached;
        }
        float[][] features = extractor.extract(texts, new ProgressBar("features (" + split + ")", texts.size(), "texts", log));
        cache.store(key, features);
        return features;
    }

    private static ObjectNode details(Recipe recipe, EncoderFiles encoder, String encoderSha, TrainingData data,
                                      SoftmaxRegression.Fitted fitted) {
        ObjectNode details = JSON.createObjectNode();
        details.put("trainingMode", "features");
        ObjectNode base = details.putObject("baseModel");
        base.put("name", encoder.name());
        base.put("sha256", encoderSha);
        details.put("pooling", recipe.pooling());
        details.set("data", JSON.valueToTree(data.fingerprint(recipe.data())));
        ObjectNode head = details.putObject("head");
        head.put("method", "multinomial logistic regression, L2, full-batch Adam (DJL/PyTorch)");
        head.put("c", recipe.head().c());
        head.put("steps", fitted.steps());
        head.put("objective", fitted.loss());
        details.put("trainedAt", Instant.now().toString());
        return details;
    }
}
