package dev.triage.trainer.training;

import dev.triage.core.bundle.Sha256;
import dev.triage.trainer.data.DataFormat;
import dev.triage.trainer.data.DataFormatException;
import dev.triage.trainer.data.Dataset;
import dev.triage.trainer.data.DatasetReader;
import dev.triage.trainer.data.EmlFolderSet;
import dev.triage.trainer.data.LabelledText;
import dev.triage.trainer.recipe.Recipe;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A recipe's training and validation sets, read and checked before any long work starts: every
 * label is known, and every label has training examples.
 *
 * @param trainSha256      fingerprint of the training file, recorded in the bundle
 * @param validationSha256 fingerprint of the validation file
 */
public record TrainingData(Dataset train, Dataset validation, String trainSha256, String validationSha256) {

    public static TrainingData load(Recipe recipe) {
        Recipe.DataSpec spec = recipe.data();
        if (spec.train() == null) {
            throw new DataFormatException(recipe.file() + ": field 'data.train' is required (or pass --train)");
        }
        if (spec.validation() == null) {
            throw new DataFormatException(recipe.file() + ": field 'data.validation' is required (or pass --validation)");
        }
        DatasetReader reader = new DatasetReader(spec.textColumn(), spec.labelColumn());
        List<LabelledText> train = read(reader, spec.train(), spec.format());
        List<LabelledText> validation = read(reader, spec.validation(), spec.format());
        List<String> labels = recipe.labels() != null ? recipe.labels() : Dataset.labelsIn(train);
        if (labels.size() < 2) {
            throw new DataFormatException(spec.train() + ": a classifier needs at least two labels, found " + labels);
        }
        Dataset trainSet = Dataset.of(train, labels);
        int[] counts = trainSet.labelCounts();
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] == 0) {
                throw new DataFormatException(spec.train() + ": label '" + labels.get(i)
                        + "' has no training examples; remove it from the recipe's labels or add examples");
            }
        }
        return new TrainingData(trainSet, Dataset.of(validation, labels), sha256(spec.train()), sha256(spec.validation()));
    }

    /** What triage.json records of this data; {@code spec} names the files. */
    public DataFingerprint fingerprint(Recipe.DataSpec spec) {
        return new DataFingerprint(spec.train().getFileName().toString(), trainSha256, train.size(),
                spec.validation().getFileName().toString(), validationSha256);
    }

    private static List<LabelledText> read(DatasetReader reader, Path file, String format) {
        if (EmlFolderSet.FORMAT.equals(format)) {
            return EmlFolderSet.read(file);
        }
        return format == null ? reader.read(file) : reader.read(file, DataFormat.parse(format));
    }

    private static String sha256(Path file) {
        try {
            return Sha256.of(file);
        } catch (IOException e) {
            throw new DataFormatException(file + ": cannot be read: " + e.getMessage(), e);
        }
    }
}
