package dev.triage.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.triage.core.bundle.InvalidBundleException;
import dev.triage.core.bundle.ModelBundle;
import dev.triage.core.labels.LabelScore;
import dev.triage.core.labels.Prediction;
import dev.triage.core.logits.InferenceSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TextClassifierTest {

    static final List<String> TEXTS = List.of(
            "i feel wonderful",
            "the meeting moved to thursday and i am furious about it",
            "",
            "what a surprise");

    @TempDir
    Path dir;

    TextClassifier open(TinyBundle bundle) {
        return TextClassifier.open(ModelBundle.load(bundle.writeTo(dir)), InferenceSettings.cpu(1));
    }

    @Test
    void scoresAreAProbabilityDistributionRankedBestFirst() {
        try (TextClassifier classifier = open(TinyBundle.builder())) {
            Prediction prediction = classifier.classify("i feel wonderful", 6);
            assertThat(prediction.scores()).hasSize(6);
            double sum = prediction.scores().stream().mapToDouble(LabelScore::score).sum();
            assertThat(sum).isCloseTo(1.0, within(1e-5));
            assertThat(prediction.scores()).isSortedAccordingTo((a, b) -> Float.compare(b.score(), a.score()));
            assertThat(prediction.label()).isEqualTo(prediction.scores().get(0).label());
            assertThat(prediction.score()).isEqualTo(prediction.scores().get(0).score());
        }
    }

    @Test
    void topKLimitsTheScoresAndClampsToTheLabelCount() {
        try (TextClassifier classifier = open(TinyBundle.builder())) {
            assertThat(classifier.classify("hello", 2).scores()).hasSize(2);
            assertThat(classifier.classify("hello", 50).scores()).hasSize(6);
            assertThatThrownBy(() -> classifier.classify("hello", 0)).hasMessageContaining("topK must be at least 1");
        }
    }

    @Test
    void aBatchGivesWhatEachTextGivesAlone() {
        try (TextClassifier classifier = open(TinyBundle.builder())) {
            float[][] batch = classifier.logits(TEXTS);
            for (int i = 0; i < TEXTS.size(); i++) {
                float[] alone = classifier.logits(List.of(TEXTS.get(i)))[0];
                assertThat(batch[i]).containsExactly(alone, within(1e-5f));
            }
        }
    }

    @Test
    void cutsLongTextsToTheBundlesMaximumAndSaysSo() {
        try (TextClassifier classifier = open(TinyBundle.builder().maxSequenceLength(16))) {
            String longText = "word ".repeat(5000);
            assertThat(classifier.tokenize(List.of(longText)).sequenceLength()).isEqualTo(16);
            assertThat(classifier.classify(longText, 1).truncated()).isTrue();
            assertThat(classifier.classify("short", 1).truncated()).isFalse();
        }
    }

    @Test
    void feedsTokenTypeIdsOnlyToGraphsThatDeclareThem() {
        // ONNX Runtime rejects inputs a graph does not declare, so this run proves none was fed.
        try (TextClassifier classifier = open(TinyBundle.builder().withoutTokenTypeInput())) {
            assertThat(classifier.classifyAll(TEXTS, 1)).hasSize(4);
        }
    }

    @Test
    void multiLabelScoresAreIndependentSigmoids() {
        try (TextClassifier classifier = open(TinyBundle.builder().multiLabel())) {
            float[] logits = classifier.logits(List.of("i feel wonderful"))[0];
            Prediction prediction = classifier.classify("i feel wonderful", 6);
            for (LabelScore score : prediction.scores()) {
                int index = classifier.labels().indexOf(score.label());
                assertThat(score.score()).isCloseTo((float) (1 / (1 + Math.exp(-logits[index]))), within(1e-6f));
            }
        }
    }

    @Test
    void concurrentCallersGetTheSameAnswersAsOneCaller() throws Exception {
        try (TextClassifier classifier = open(TinyBundle.builder())) {
            List<Prediction> expected = classifier.classifyAll(TEXTS, 3);
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<List<Prediction>>> futures = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    futures.add(pool.submit(() -> classifier.classifyAll(TEXTS, 3)));
                }
                for (Future<List<Prediction>> future : futures) {
                    assertThat(future.get()).isEqualTo(expected);
                }
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void rejectsLogitsNarrowerThanTheLabels() {
        assertThatThrownBy(() -> open(TinyBundle.builder().logitsWidth(4)))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessageContaining("config.json field 'id2label': has 6 labels but model.onnx output logits is 4 wide");
    }

    @Test
    void rejectsAGraphInputNoTokenizerGives() {
        assertThatThrownBy(() -> open(TinyBundle.builder().extraInput("pixel_values")))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessageContaining("model.onnx field 'input pixel_values'")
                .hasMessageContaining("a tokenizer can only give");
    }

    @Test
    void rejectsAGraphOnnxRuntimeCannotLoad() throws Exception {
        TinyBundle.builder().withoutManifest().writeTo(dir);
        Files.writeString(dir.resolve("model.onnx"), "this is not a protobuf");
        ModelBundle bundle = ModelBundle.load(dir);
        assertThatThrownBy(() -> TextClassifier.open(bundle, InferenceSettings.cpu(1)))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessageContaining("model.onnx: ONNX Runtime cannot load the graph");
    }

    @Test
    void rejectsACorruptTokenizer() throws Exception {
        TinyBundle.builder().withoutManifest().writeTo(dir);
        Files.writeString(dir.resolve("tokenizer.json"), "{\"model\": {\"type\": \"NoSuchModel\"}}");
        ModelBundle bundle = ModelBundle.load(dir);
        assertThatThrownBy(() -> TextClassifier.open(bundle, InferenceSettings.cpu(1)))
                .isInstanceOf(InvalidBundleException.class)
                .hasMessageContaining("tokenizer.json: the Hugging Face tokenizer cannot load it");
    }

    @Test
    void refusesANullText() {
        try (TextClassifier classifier = open(TinyBundle.builder())) {
            List<String> texts = new ArrayList<>(TEXTS);
            texts.set(1, null);
            assertThatThrownBy(() -> classifier.classifyAll(texts, 1)).hasMessageContaining("text 1 of the batch is null");
        }
    }
}
