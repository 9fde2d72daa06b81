package dev.triage.trainer.recipe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import dev.triage.export.BuiltInEncoders;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecipeTest {

    @TempDir
    Path dir;

    @Test
    void readsTheEmotionRecipeWithDataPathsRelativeToIt() {
        Path file = Path.of("../../models/emotion-minilm-features/recipe.json");
        Recipe recipe = Recipe.read(file);
        assertThat(recipe.name()).isEqualTo("emotion-minilm-features");
        assertThat(recipe.labels()).containsExactly("sadness", "joy", "love", "anger", "fear", "surprise");
        assertThat(recipe.pooling()).isEqualTo("mean");
        assertThat(recipe.data().train()).isEqualTo(file.toAbsolutePath().getParent()
                .resolve("../../../shared/datasets/emotion/train.txt").normalize());
    }

    @Test
    void everyCommittedRecipeReadsAndNamesItsModelAfterItsFolder() throws IOException {
        try (Stream<Path> folders = Files.list(Path.of("../../models"))) {
            List<Path> recipes = folders.map(folder -> folder.resolve("recipe.json")).filter(Files::isRegularFile).toList();
            assertThat(recipes).hasSizeGreaterThanOrEqualTo(7);
            for (Path file : recipes) {
                Recipe recipe = Recipe.read(file);
                assertThat(recipe.name()).as(file.toString()).isEqualTo(file.getParent().getFileName().toString());
                if (recipe.mode() == Recipe.TrainingMode.FINETUNE && !recipe.baseModel().contains("distilbert")) {
                    assertThat(BuiltInEncoders.isBuiltIn(recipe.baseModel())).as(file + ": base model").isTrue();
                }
            }
        }
    }

    @Test
    void refusesAMisspeltField() throws IOException {
        Path file = write("{\"name\": \"m\", \"baseModel\": \"all-minilm-l6-v2\", \"head\": {\"C\": 2}}");
        assertThatThrownBy(() -> Recipe.read(file))
                .isInstanceOf(RecipeException.class)
                .hasMessageContaining("field 'head.C' is not a known field");
    }

    @Test
    void refusesBadValuesNamingTheField() throws IOException {
        assertThatThrownBy(() -> Recipe.read(write("{\"name\": \"m\", \"baseModel\": \"x\", \"pooling\": \"max\"}")))
                .hasMessageContaining("field 'pooling' must be 'mean' or 'cls'");
        assertThatThrownBy(() -> Recipe.read(write("{\"name\": \"m\", \"baseModel\": \"x\", \"maxSequenceLength\": 1}")))
                .hasMessageContaining("field 'maxSequenceLength' must be an integer from 2");
        assertThatThrownBy(() -> Recipe.read(write("{\"name\": \"bad name!\", \"baseModel\": \"x\"}")))
                .hasMessageContaining("field 'name' must be letters");
        assertThatThrownBy(() -> Recipe.read(write("{\"name\": \"m\"}"))).hasMessageContaining("field 'baseModel' is required");
        assertThatThrownBy(() -> Recipe.read(write("{\"name\": \"m\", \"baseModel\": \"x\", \"labels\": [\"a\", \"a\"]}")))
                .hasMessageContaining("lists 'a' twice");
        assertThatThrownBy(() -> Recipe.read(write("{\"name\": \"m\", \"baseModel\": \"x\", \"mode\": \"magic\"}")))
                .hasMessageContaining("field 'mode' must be one of");
    }

    @Test
    void readsDistillationWithTheSoftTargetsBesideTheRecipeAndTheBooksDefaults() throws IOException {
        Recipe recipe = Recipe.read(write("{\"name\": \"m\", \"baseModel\": \"x\", \"distillation\": {\"softTargets\": \"t.jsonl\"}}"));
        assertThat(recipe.distillation().softTargets()).isEqualTo(dir.toAbsolutePath().resolve("t.jsonl").normalize());
        assertThat(recipe.distillation().alpha()).isEqualTo(0.5);
        assertThat(recipe.distillation().temperature()).isEqualTo(2.0);
        assertThat(Recipe.read(write("{\"name\": \"m\", \"baseModel\": \"x\"}")).distillation()).isNull();

        assertThatThrownBy(() -> Recipe.read(write("{\"name\": \"m\", \"baseModel\": \"x\", \"distillation\": {\"alpha\": 0.5}}")))
                .hasMessageContaining("field 'distillation.softTargets' is required");
        assertThatThrownBy(() -> Recipe.read(write(
                "{\"name\": \"m\", \"baseModel\": \"x\", \"distillation\": {\"softTargets\": \"t\", \"alpha\": 1.5}}")))
                .hasMessageContaining("field 'distillation.alpha' must be a number from 0.0 to 1.0, is 1.5");
        assertThatThrownBy(() -> Recipe.read(write(
                "{\"name\": \"m\", \"baseModel\": \"x\", \"distillation\": {\"softTargets\": \"t\", \"temperature\": 0}}")))
                .hasMessageContaining("field 'distillation.temperature' must be a number from 0.05");
        assertThatThrownBy(() -> Recipe.read(write(
                "{\"name\": \"m\", \"baseModel\": \"x\", \"distillation\": {\"softTargets\": \"t\", \"T\": 2}}")))
                .hasMessageContaining("field 'distillation.T' is not a known field");
    }

    @Test
    void refusesBrokenJson() throws IOException {
        assertThatThrownBy(() -> Recipe.read(write("{\"name\": "))).hasMessageContaining("not valid JSON");
    }

    @Test
    void commandLineOverridesWin() throws IOException {
        Recipe recipe = Recipe.read(write("{\"name\": \"m\", \"baseModel\": \"x\"}"))
                .with("7", "cls", Path.of("t.txt"), null, 0.5, 10);
        assertThat(recipe.version()).isEqualTo("7");
        assertThat(recipe.pooling()).isEqualTo("cls");
        assertThat(recipe.data().train()).isEqualTo(Path.of("t.txt"));
        assertThat(recipe.head().c()).isEqualTo(0.5);
        assertThat(recipe.head().maxSteps()).isEqualTo(10);
    }

    private Path write(String json) throws IOException {
        Path file = dir.resolve("recipe.json");
        Files.writeString(file, json);
        return file;
    }
}
