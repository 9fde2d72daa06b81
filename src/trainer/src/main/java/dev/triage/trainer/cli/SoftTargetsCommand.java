package dev.triage.trainer.cli;

import dev.triage.core.TextClassifier;
import dev.triage.core.bundle.ModelBundle;
import dev.triage.core.bundle.Sha256;
import dev.triage.trainer.data.Dataset;
import dev.triage.trainer.distill.SoftTargets;
import dev.triage.trainer.evaluation.BundleEvaluator;
import dev.triage.trainer.progress.ProgressBar;
import dev.triage.trainer.recipe.Recipe;
import dev.triage.trainer.training.TrainingData;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "soft-targets", mixinStandardHelpOptions = true,
        description = {"Writes a teacher bundle's logits for every training text of a student's recipe: the soft targets "
                + "its \"distillation\" trains on.",
                "The texts are read exactly as train reads them (e-mails included), and the teacher runs through ONNX "
                        + "Runtime as it serves. The teacher's labels must be the recipe's, in the same order."})
public final class SoftTargetsCommand implements Callable<Integer> {

    @Option(names = "--teacher", required = true, description = "The teacher bundle folder (a fine-tuned bundle, fp32 or int8).")
    Path teacher;

    @Option(names = "--recipe", required = true, description = "The student's recipe: its training data is what gets soft targets.")
    Path recipe;

    @Option(names = "--out", description = "The soft-targets file (default: the recipe's distillation.softTargets).")
    Path out;

    @Mixin
    RuntimeOptions runtime;

    @Override
    public Integer call() throws Exception {
        Recipe student = Recipe.read(recipe);
        Path target = out != null ? out : student.distillation() != null ? student.distillation().softTargets() : null;
        if (target == null) {
            throw new IllegalArgumentException(recipe + " has no field 'distillation.softTargets': name the file with --out");
        }
        ModelBundle bundle = ModelBundle.load(teacher);
        Dataset train = TrainingData.load(student).train();
        if (!bundle.labels().equals(train.labels())) {
            throw new IllegalArgumentException("the teacher " + bundle.id() + " has labels " + bundle.labels() + ", the recipe "
                    + train.labels() + ": a teacher must predict the student's labels in the same order");
        }
        try (TextClassifier classifier = TextClassifier.open(bundle, runtime.inference())) {
            float[][] logits = BundleEvaluator.logits(classifier, train.texts(),
                    new ProgressBar("teacher " + bundle.id(), train.size(), "texts", System.out));
            SoftTargets.write(target, bundle.id(), Sha256.of(bundle.modelFile()), train.labels(), train.texts(), logits);
        }
        System.out.println("soft targets of " + bundle.id() + " for " + train.size() + " training texts: " + target);
        return 0;
    }
}
