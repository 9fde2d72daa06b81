package dev.triage.trainer.finetune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.triage.export.transformer.Architecture;
import dev.triage.trainer.data.DataFormatException;
import dev.triage.trainer.encoder.TinyCheckpoint;
import dev.triage.trainer.recipe.Recipe;
import dev.triage.trainer.recipe.RecipeException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to fine-tuning stops it with a message naming the problem, before any long work. */
class FineTuneInputErrorsTest {

    static final String SETTINGS = """
            {"epochs": 1, "batchSize": 8, "learningRate": 1e-3, "checkpointEvery": 2}""";

    @TempDir
    Path dir;

    @Test
    void anUnknownLabelInTheData() throws Exception {
        Path checkpoint = TinyCheckpoint.write(dir.resolve("tiny"), Architecture.DISTILBERT, 1);
        Recipe recipe = FineTuneFixtures.recipe(dir.resolve("data"), checkpoint.toString(), 16, 8, SETTINGS);
        Files.writeString(recipe.data().train(), "so happy;joy\nso blue;blue\n");
        assertThatThrownBy(() -> train(recipe, false)).isInstanceOf(DataFormatException.class)
                .hasMessageContaining("train.txt:2: unknown label 'blue'");
    }

    @Test
    void anEmptyTrainingFile() throws Exception {
        Path checkpoint = TinyCheckpoint.write(dir.resolve("tiny"), Architecture.DISTILBERT, 1);
        Recipe recipe = FineTuneFixtures.recipe(dir.resolve("data"), checkpoint.toString(), 16, 8, SETTINGS);
        Files.writeString(recipe.data().train(), "\n");
        assertThatThrownBy(() -> train(recipe, false)).hasMessageContaining("train.txt: holds no examples");
    }

    @Test
    void aBaseModelFolderWithAMissingFile() throws Exception {
        Path checkpoint = TinyCheckpoint.write(dir.resolve("tiny"), Architecture.BERT, 1);
        Files.delete(checkpoint.resolve("tokenizer.json"));
        Recipe recipe = FineTuneFixtures.recipe(dir.resolve("data"), checkpoint.toString(), 16, 8, SETTINGS);
        assertThatThrownBy(() -> train(recipe, false)).isInstanceOf(RecipeException.class)
                .hasMessageContaining("has no tokenizer.json");
        TinyCheckpoint.write(dir.resolve("tiny2"), Architecture.BERT, 1);
        Files.delete(dir.resolve("tiny2/model.safetensors"));
        Recipe second = FineTuneFixtures.recipe(dir.resolve("data2"), dir.resolve("tiny2").toString(), 16, 8, SETTINGS);
        assertThatThrownBy(() -> train(second, false)).hasMessageContaining("has no model.safetensors");
    }

    @Test
    void aCheckpointOfAnotherArchitecture() throws Exception {
        Path bert = TinyCheckpoint.write(dir.resolve("tiny-bert"), Architecture.BERT, 1);
        Recipe bertRecipe = FineTuneFixtures.recipe(dir.resolve("data"), bert.toString(), 24, 8, SETTINGS);
        assertThat(train(bertRecipe, false, 2)).isInstanceOf(FineTuneOutcome.StoppedEarly.class); // leaves a checkpoint at step 2

        Path distilbert = TinyCheckpoint.write(dir.resolve("tiny-distilbert"), Architecture.DISTILBERT, 1);
        Recipe other = bertRecipe.withBaseModel(distilbert.toString());
        long start = System.nanoTime();
        assertThatThrownBy(() -> train(other, true)).isInstanceOf(RecipeException.class)
                .hasMessageContaining("is of another architecture (bert");
        assertThat((System.nanoTime() - start) / 1e9).isLessThan(10);
    }

    @Test
    void resumingWithoutACheckpoint() throws Exception {
        Path checkpoint = TinyCheckpoint.write(dir.resolve("tiny"), Architecture.DISTILBERT, 1);
        Recipe recipe = FineTuneFixtures.recipe(dir.resolve("data"), checkpoint.toString(), 16, 8, SETTINGS);
        assertThatThrownBy(() -> train(recipe, true)).hasMessageContaining("--resume: no checkpoint in");
    }

    private Object train(Recipe recipe, boolean resume) throws Exception {
        return train(recipe, resume, 0);
    }

    private Object train(Recipe recipe, boolean resume, long stopAfter) throws Exception {
        return FineTuneFixtures.trainer().train(recipe, dir.resolve("out"),
                new FineTuneTrainer.Options(dir.resolve("training"), resume, stopAfter));
    }
}
