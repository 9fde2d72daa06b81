package dev.triage.trainer.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triage.core.TextClassifier;
import dev.triage.core.bundle.ModelBundle;
import dev.triage.core.bundle.Sha256;
import dev.triage.core.logits.InferenceSettings;
import dev.triage.export.transformer.Architecture;
import dev.triage.trainer.cli.TriageCommand;
import dev.triage.trainer.data.DataFormatException;
import dev.triage.trainer.distill.SoftTargets;
import dev.triage.trainer.encoder.TinyCheckpoint;
import dev.triage.trainer.recipe.Recipe;
import dev.triage.trainer.recipe.RecipeException;
import dev.triage.trainer.training.FeaturesModeTrainer;
import dev.triage.trainer.training.TrainingData;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Knowledge distillation end to end, through the command line a user runs: a teacher bundle's
 * soft targets written by {@code triage soft-targets} for a student's recipe, then the student
 * trained on them; and every way the two can fail to belong together, refused before training.
 */
class DistillationTest {

    private static final String DISTILLATION = """
            "distillation": {"softTargets": "soft-targets.jsonl", "alpha": 0.5, "temperature": 2.0},""";

    @TempDir
    Path dir;

    private Path checkpoint;

    @BeforeEach
    void tinyEncoder() {
        checkpoint = TinyCheckpoint.write(dir.resolve("tiny"), Architecture.BERT, 11);
    }

    @Test
    void aStudentTrainsOnTheSoftTargetsOfATeacherBundle() throws Exception {
        Path teacher = trainTeacher();
        Recipe student = FineTuneFixtures.recipe(dir.resolve("student"), checkpoint.toString(), 64, 16, """
                {"epochs": 1, "batchSize": 16, "learningRate": 1e-3}""", DISTILLATION);

        assertThat(run("soft-targets", "--teacher", teacher.toString(), "--recipe", student.file().toString(), "--threads", "1"))
                .isZero();

        Path file = student.distillation().softTargets();
        SoftTargets targets = SoftTargets.read(file);
        List<String> texts = TrainingData.load(student).train().texts();
        ModelBundle teacherBundle = ModelBundle.load(teacher);
        assertThat(targets.teacher()).isEqualTo(teacherBundle.id());
        assertThat(targets.teacherModelSha256()).isEqualTo(Sha256.of(teacherBundle.modelFile()));
        assertThat(targets.byText()).hasSize(new HashSet<>(texts).size());
        try (TextClassifier classifier = TextClassifier.open(teacherBundle, InferenceSettings.cpu(1))) {
            for (int i = 0; i < 4; i++) { // the teacher's own logits, one text at a time (no padding)
                assertThat(targets.byText().get(SoftTargets.key(texts.get(i))))
                        .containsExactly(classifier.logits(List.of(texts.get(i)))[0], within(1e-4f));
            }
        }

        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        Path out = dir.resolve("student-bundle");
        FineTuneFixtures.trainer(new PrintStream(printed, true, StandardCharsets.UTF_8))
                .train(student, out, new FineTuneTrainer.Options(dir.resolve("student-training"), false, 0));
        assertThat(printed.toString(StandardCharsets.UTF_8).lines().findFirst().orElseThrow())
                .contains("distilled from soft-targets.jsonl (alpha 0.50, temperature 2.0)");
        JsonNode distillation = ModelBundle.load(out).manifest().orElseThrow().details().path("distillation");
        assertThat(distillation.path("teacher").asText()).isEqualTo(teacherBundle.id());
        assertThat(distillation.path("softTargets").asText()).isEqualTo("soft-targets.jsonl");
        assertThat(distillation.path("softTargetsSha256").asText()).isEqualTo(Sha256.of(file));
        assertThat(distillation.path("alpha").asDouble()).isEqualTo(0.5);
        assertThat(distillation.path("temperature").asDouble()).isEqualTo(2.0);
    }

    @Test
    void softTargetsThatMissATrainingTextOrNameOtherLabelsStopTheRunBeforeItTrains() throws Exception {
        Recipe student = FineTuneFixtures.recipe(dir.resolve("student"), checkpoint.toString(), 64, 16, """
                {"epochs": 1, "batchSize": 16, "learningRate": 1e-3}""", DISTILLATION);
        Path file = student.distillation().softTargets();
        List<String> texts = TrainingData.load(student).train().texts();
        List<String> labels = TrainingData.load(student).train().labels();
        List<String> allButThree = texts.subList(0, texts.size() - 3);
        SoftTargets.write(file, "t-1", "0".repeat(64), labels, allButThree, new float[allButThree.size()][labels.size()]);
        assertThatThrownBy(() -> FineTuneFixtures.trainer().train(student, dir.resolve("out"),
                new FineTuneTrainer.Options(dir.resolve("training"), false, 0)))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("no soft targets for 3 of 64 training texts")
                .hasMessageContaining("triage soft-targets");

        List<String> reversed = new java.util.ArrayList<>(labels);
        java.util.Collections.reverse(reversed);
        SoftTargets.write(file, "t-1", "0".repeat(64), reversed, texts, new float[texts.size()][labels.size()]);
        assertThatThrownBy(() -> FineTuneFixtures.trainer().train(student, dir.resolve("out"),
                new FineTuneTrainer.Options(dir.resolve("training"), false, 0)))
                .isInstanceOf(DataFormatException.class)
                .hasMessageContaining("the teacher's labels " + reversed + " are not the recipe's " + labels);
        assertThat(dir.resolve("out")).doesNotExist();

        Files.writeString(file, "{\"teacher\": \"x\"}\n");
        assertThatThrownBy(() -> FineTuneFixtures.trainer().train(student, dir.resolve("out"),
                new FineTuneTrainer.Options(dir.resolve("training"), false, 0)))
                .hasMessageContaining("line 1 is not a soft-targets header");

        assertThatThrownBy(() -> new FeaturesModeTrainer(FineTuneFixtures.CACHE, InferenceSettings.cpu(1), FineTuneFixtures.quiet())
                .train(student.withMode(Recipe.TrainingMode.FEATURES), dir.resolve("out")))
                .isInstanceOf(RecipeException.class)
                .hasMessageContaining("field 'distillation' needs mode 'finetune'");
    }

    @Test
    void softTargetsRefusesATeacherWhoseLabelsAreNotTheStudents() throws Exception {
        Path teacher = trainTeacher();
        Path studentDir = dir.resolve("student");
        FineTuneFixtures.recipe(studentDir, checkpoint.toString(), 64, 16, "{}", DISTILLATION);
        Path recipe = studentDir.resolve("recipe.json");
        Files.writeString(recipe, Files.readString(recipe).replace("[\"sadness\", \"joy\"", "[\"joy\", \"sadness\""));
        StringWriter err = new StringWriter();
        CommandLine commandLine = TriageCommand.commandLine();
        commandLine.setErr(new PrintWriter(err));

        int exit = commandLine.execute("soft-targets", "--teacher", teacher.toString(), "--recipe", recipe.toString());

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString()).contains("a teacher must predict the student's labels in the same order");
        assertThat(studentDir.resolve("soft-targets.jsonl")).doesNotExist();
    }

    private Path trainTeacher() throws Exception {
        Recipe recipe = FineTuneFixtures.recipe(dir.resolve("teacher"), checkpoint.toString(), 64, 16, """
                {"epochs": 1, "batchSize": 16, "learningRate": 1e-3}""");
        Path out = dir.resolve("teacher-bundle");
        FineTuneFixtures.trainer().train(recipe, out, new FineTuneTrainer.Options(dir.resolve("teacher-training"), false, 0));
        return out;
    }

    private static int run(String... args) {
        return TriageCommand.commandLine().execute(args);
    }
}
