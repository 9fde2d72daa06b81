package dev.triage.trainer.recipe;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A training recipe ({@code models/<name>/recipe.json}): which model to build, from which base
 * encoder and data, with which settings. Relative data paths are resolved against the recipe's
 * folder, so a recipe works from any working directory. Every value can be overridden from the
 * command line ({@link #with}).
 *
 * @param file              where the recipe was read from (for messages)
 * @param name              model name, used in the bundle and in responses
 * @param version           model version
 * @param mode              how to train
 * @param baseModel         a built-in encoder name ({@code all-minilm-l6-v2}) or an encoder folder
 * @param pooling           {@code mean} or {@code cls}
 * @param maxSequenceLength tokens per text, longer texts are cut
 * @param labels            label names in the order of the logits; null takes the data's labels, sorted
 * @param data              where the examples are
 * @param head              settings of the features-mode head
 * @param finetune          settings of fine-tuning
 * @param baseline          settings of the TF-IDF baseline
 * @param topLosses         how many highest-loss examples the evaluation lists
 * @param quantize          also write an int8 twin of the bundle and evaluate both ({@link QuantizeSpec}); null: no
 * @param distillation      fine-tune on a teacher's soft targets too ({@link DistillationSpec}); null: no
 */
public record Recipe(Path file, String name, String version, TrainingMode mode, String baseModel, String pooling,
                     int maxSequenceLength, List<String> labels, DataSpec data, HeadSpec head, FineTuneSpec finetune,
                     BaselineSpec baseline, int topLosses, QuantizeSpec quantize,
                     DistillationSpec distillation) {

    /** The one quantization a recipe may ask for. */
    public static final String DYNAMIC_INT8 = "dynamic-int8";

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    /** How a model is trained: the book's two methods. */
    public enum TrainingMode {
        /** Frozen encoder, pooled features, a logistic-regression head. */
        FEATURES,
        /** Every weight of encoder and head trained together. */
        FINETUNE
    }

    /**
     * @param train      training examples
     * @param validation examples the report is computed on
     * @param test       optional held-out examples, evaluated only on request
     * @param format     null to detect from the file name
     */
    public record DataSpec(Path train, Path validation, Path test, String format, String textColumn, String labelColumn) {
    }

    /**
     * Multinomial logistic regression, as scikit-learn defines its objective:
     * {@code C · Σ cross-entropy + ½‖W‖²}, fitted by full-batch Adam with cosine decay over
     * {@code maxSteps} steps (2000 reach the optimum to 1e-6 on emotion's 16,000 × 384 features).
     */
    public record HeadSpec(double c, int maxSteps, double learningRate, long seed) {
    }

    /**
     * Fine-tuning, with the Hugging Face Trainer's meaning of each value.
     *
     * @param epochs           passes over the training data
     * @param batchSize        examples per step
     * @param learningRate     AdamW's peak rate
     * @param weightDecay      decoupled decay, not on biases and LayerNorm weights
     * @param warmupRatio      share of the steps over which the rate climbs from 0
     * @param maxGradNorm      global gradient-norm clipping
     * @param dropout          dropout before the classifier
     * @param seed             seeds shuffling, dropout and the classifier's initialisation
     * @param groupByLength    batches of similar-length texts (less padding, faster)
     * @param checkpointEvery  steps between checkpoints (0: only at the end of each epoch)
     */
    public record FineTuneSpec(int epochs, int batchSize, double learningRate, double weightDecay, double warmupRatio,
                               double maxGradNorm, double dropout, long seed, boolean groupByLength, int checkpointEvery) {
    }

    /** TF-IDF over word 1-2-grams and a linear SVM (liblinear), scikit-learn's LinearSVC defaults. */
    public record BaselineSpec(boolean enabled, double c) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    public static Recipe read(Path file) {
        JsonNode root;
        try {
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new RecipeException(file + ": not valid JSON: " + e.getOriginalMessage() + " (line "
                    + e.getLocation().getLineNr() + ")", e);
        } catch (IOException e) {
            throw new RecipeException(file + ": cannot be read: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new RecipeException(file + ": must be a JSON object");
        }
        RecipeJson json = new RecipeJson(file.toString(), "", root).allowOnly(Set.of(
                "name", "version", "description", "mode", "baseModel", "pooling", "maxSequenceLength", "labels",
                "data", "head", "finetune", "baseline", "evaluation", "quantize", "distillation"));
        Path dir = file.toAbsolutePath().getParent();

        String name = json.requiredString("name");
        if (!NAME.matcher(name).matches()) {
            throw json.error("name", "must be letters, digits, '.', '_' or '-', is '" + name + "'");
        }
        String version = json.string("version", "1");
        if (!NAME.matcher(version).matches()) {
            throw json.error("version", "must be letters, digits, '.', '_' or '-', is '" + version + "'");
        }
        TrainingMode mode = parseMode(json);
        String pooling = json.string("pooling", "mean");
        if (!pooling.equals("mean") && !pooling.equals("cls")) {
            throw json.error("pooling", "must be 'mean' or 'cls', is '" + pooling + "'");
        }

        RecipeJson data = json.object("data").allowOnly(Set.of("train", "validation", "test", "format", "textColumn", "labelColumn"));
        DataSpec dataSpec = new DataSpec(resolve(dir, data.string("train", null)), resolve(dir, data.string("validation", null)),
                resolve(dir, data.string("test", null)), data.string("format", null), data.string("textColumn", "text"),
                data.string("labelColumn", "label"));

        RecipeJson head = json.object("head").allowOnly(Set.of("c", "maxSteps", "learningRate", "seed"));
        HeadSpec headSpec = new HeadSpec(head.number("c", 1.0, 1e-6, 1e6), head.integer("maxSteps", 2000, 1, 1_000_000),
                head.number("learningRate", 0.05, 1e-6, 10.0), head.integer("seed", 42, 0, Integer.MAX_VALUE));

        RecipeJson finetune = json.object("finetune").allowOnly(Set.of("epochs", "batchSize", "learningRate", "weightDecay",
                "warmupRatio", "maxGradNorm", "dropout", "seed", "groupByLength", "checkpointEvery"));
        FineTuneSpec finetuneSpec = new FineTuneSpec(finetune.integer("epochs", 2, 1, 1000),
                finetune.integer("batchSize", 64, 1, 4096), finetune.number("learningRate", 2e-5, 1e-8, 1.0),
                finetune.number("weightDecay", 0.01, 0.0, 1.0), finetune.number("warmupRatio", 0.0, 0.0, 1.0),
                finetune.number("maxGradNorm", 1.0, 0.0, 1e6), finetune.number("dropout", 0.1, 0.0, 0.9),
                finetune.integer("seed", 42, 0, Integer.MAX_VALUE), finetune.bool("groupByLength", true),
                finetune.integer("checkpointEvery", 0, 0, 1_000_000));

        RecipeJson baseline = json.object("baseline").allowOnly(Set.of("enabled", "c"));
        BaselineSpec baselineSpec = new BaselineSpec(baseline.bool("enabled", true), baseline.number("c", 1.0, 1e-6, 1e6));

        RecipeJson evaluation = json.object("evaluation").allowOnly(Set.of("topLosses"));
        QuantizeSpec quantize = quantize(json);
        DistillationSpec distillation = distillation(json, dir);

        return new Recipe(file, name, version, mode, json.requiredString("baseModel"), pooling,
                json.integer("maxSequenceLength", 128, 2, 8192), json.strings("labels"), dataSpec, headSpec, finetuneSpec,
                baselineSpec, evaluation.integer("topLosses", 20, 0, 100_000), quantize, distillation);
    }

    /** {@code "quantize"}: absent, {@code "dynamic-int8"}, or an object with its method and what to exclude. */
    private static QuantizeSpec quantize(RecipeJson json) {
        if (!json.has("quantize")) {
            return null;
        }
        RecipeJson spec = json.isObject("quantize") ? json.object("quantize").allowOnly(Set.of("method", "exclude")) : null;
        String method = spec == null ? json.string("quantize", null) : spec.requiredString("method");
        if (!method.equals(DYNAMIC_INT8)) {
            String problem = "must be '" + DYNAMIC_INT8 + "' (or absent), is '" + method + "'";
            throw spec == null ? json.error("quantize", problem) : spec.error("method", problem);
        }
        String exclude = spec == null ? null : spec.string("exclude", null);
        try {
            return new QuantizeSpec(method, exclude == null ? null : Pattern.compile(exclude));
        } catch (PatternSyntaxException e) {
            throw spec.error("exclude", "is not a regular expression: " + e.getDescription() + " at index " + e.getIndex());
        }
    }

    /** {@code "distillation"}: absent, or the soft-targets file with the loss's weight and temperature. */
    private static DistillationSpec distillation(RecipeJson json, Path dir) {
        if (!json.has("distillation")) {
            return null;
        }
        RecipeJson spec = json.object("distillation").allowOnly(Set.of("softTargets", "alpha", "temperature"));
        return new DistillationSpec(resolve(dir, spec.requiredString("softTargets")), spec.number("alpha", 0.5, 0.0, 1.0),
                spec.number("temperature", 2.0, 0.05, 100.0));
    }

    private static TrainingMode parseMode(RecipeJson json) {
        String mode = json.string("mode", "features");
        for (TrainingMode candidate : TrainingMode.values()) {
            if (candidate.name().equalsIgnoreCase(mode)) {
                return candidate;
            }
        }
        throw json.error("mode", "must be one of " + List.of(TrainingMode.values()).stream()
                .map(m -> m.name().toLowerCase(java.util.Locale.ROOT)).toList() + ", is '" + mode + "'");
    }

    private static Path resolve(Path dir, String path) {
        return path == null ? null : dir.resolve(path).normalize();
    }

    /** A copy with command-line overrides applied; null arguments keep the recipe's value. */
    public Recipe with(String version, String pooling, Path train, Path validation, Double c, Integer maxSteps) {
        DataSpec newData = new DataSpec(train != null ? train : data.train(), validation != null ? validation : data.validation(),
                data.test(), data.format(), data.textColumn(), data.labelColumn());
        HeadSpec newHead = new HeadSpec(c != null ? c : head.c(), maxSteps != null ? maxSteps : head.maxSteps(),
                head.learningRate(), head.seed());
        return new Recipe(file, name, version != null ? version : this.version, mode, baseModel,
                pooling != null ? pooling : this.pooling, maxSequenceLength, labels, newData, newHead, finetune, baseline, topLosses,
                quantize, distillation);
    }

    /** A copy with another training mode. */
    public Recipe withMode(TrainingMode newMode) {
        return new Recipe(file, name, version, newMode, baseModel, pooling, maxSequenceLength, labels, data, head, finetune,
                baseline, topLosses, quantize, distillation);
    }

    /** A copy with other fine-tuning settings. */
    public Recipe withFineTune(FineTuneSpec newFineTune) {
        return new Recipe(file, name, version, mode, baseModel, pooling, maxSequenceLength, labels, data, head, newFineTune,
                baseline, topLosses, quantize, distillation);
    }

    /** A copy with another base model. */
    public Recipe withBaseModel(String newBaseModel) {
        return new Recipe(file, name, version, mode, newBaseModel, pooling, maxSequenceLength, labels, data, head, finetune,
                baseline, topLosses, quantize, distillation);
    }
}
