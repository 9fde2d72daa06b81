package dev.triage.function.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.triage.core.TextClassifier;
import dev.triage.core.bundle.BundleCache;
import dev.triage.core.logits.InferenceSettings;
import dev.triage.function.ops.StartupTimeline;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The session begun before Quarkus boots is used only by a load of the same model with the same
 * settings, and changes nothing of what that load answers or how it fails.
 */
class SessionHeadStartTest {

    @TempDir
    Path cache;

    private final StartupTimeline timeline = new StartupTimeline();

    @BeforeEach
    @AfterEach
    void noHeadStartLeftForOtherTests() {
        SessionHeadStart.claim(null, null);
        SessionHeadStart.reset();
    }

    @Test
    void theBuiltInModelsSessionBegunEarlyIsTheOneTheLoadUses() {
        install(Map.of("triage.inference.intra-op-threads", "1"));
        try (TextClassifier classifier = loader().open(Classifiers.textSource(Optional.empty(), Optional.empty()), threads(1))) {
            assertThat(classifier.bundle().id()).isEqualTo("emotion-minilm-finetuned-int8@1");
            assertThat(classifier.classify("i feel wonderful today", 1).label()).isEqualTo("joy");
        }
        assertThat(timeline.phases()).containsKeys("headStart.onnxRuntimeNative", "headStart.bundle", "headStart.onnxSession",
                "sessionWait").doesNotContainKey("onnxSession");
        assertThat(SessionHeadStart.claim(Classifiers.textSource(Optional.empty(), Optional.empty()), threads(1)))
                .as("used once").isEmpty();
        assertThat(SessionHeadStart.begin(config(Map.of("triage.inference.intra-op-threads", "1"))).orElseThrow().session())
                .as("one that would begin after a load came is not run").isNotDone();
    }

    @Test
    void otherSettingsOrAnotherModelLoadAsUsual() {
        install(Map.of("triage.inference.intra-op-threads", "2"));
        try (TextClassifier classifier = loader().open(Classifiers.textSource(Optional.empty(), Optional.empty()), threads(1))) {
            assertThat(classifier.classify("i feel wonderful today", 1).label()).isEqualTo("joy");
        }
        assertThat(timeline.phases()).containsKey("onnxSession").doesNotContainKey("headStart.onnxSession");

        install(Map.of("quarkus.funqy.export", "classifyEmail", "triage.inference.intra-op-threads", "1"));
        try (TextClassifier classifier = loader().open(Classifiers.textSource(Optional.empty(), Optional.empty()), threads(1))) {
            assertThat(classifier.bundle().id()).as("classify's model, not the e-mail one begun").startsWith("emotion-");
        }
    }

    @Test
    void theEmailAndArchiveFunctionsBeginTheSpamModel() {
        for (String export : new String[] {"classifyEmail", "classifyArchive"}) {
            install(Map.of("quarkus.funqy.export", export, "triage.inference.intra-op-threads", "1"));
            ModelSource spam = Classifiers.emailSource(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
            try (TextClassifier classifier = loader().open(spam, threads(1))) {
                assertThat(classifier.bundle().id()).isEqualTo("spam-minilm-finetuned-int8@1");
            }
            assertThat(timeline.phases()).containsKey("headStart.onnxSession");
        }
    }

    @Test
    void aModelFromAFolderOrS3GetsNone() {
        assertThat(SessionHeadStart.begin(config(Map.of("triage.model.location", "s3://bucket/models/emotion/")))).isEmpty();
        assertThat(SessionHeadStart.begin(config(Map.of("quarkus.funqy.export", "classifyEmail",
                "triage.email.model.location", "/var/task/models/spam")))).isEmpty();
    }

    @Test
    void aFailureInTheHeadStartIsTheLoadsOwnFailure() {
        String deployed = "ab".repeat(32);
        install(Map.of("triage.model.sha256", deployed, "triage.inference.intra-op-threads", "1"));
        assertThatThrownBy(() -> loader().open(Classifiers.textSource(Optional.empty(), Optional.of(deployed)), threads(1)))
                .isInstanceOf(ModelLoadException.class)
                .hasMessageContaining("the built-in model: its triage.json has sha256")
                .hasMessageContaining("pinned to " + deployed + " (triage.model.sha256)");
    }

    @Test
    void settingsAreReadAsQuarkusReadsThem() {
        Function<String, Optional<String>> settings = SessionHeadStart.quarkusLikeSettings();
        assertThat(settings.apply("triage.inference.inter-op-threads")).as("application.properties").contains("1");
        assertThat(settings.apply("quarkus.funqy.export")).contains("classify");
        assertThat(settings.apply("path")).as("the environment, as PATH").isPresent();
        System.setProperty("triage.inference.inter-op-threads", "3");
        try {
            assertThat(settings.apply("triage.inference.inter-op-threads")).as("a system property first").contains("3");
        } finally {
            System.clearProperty("triage.inference.inter-op-threads");
        }
        assertThat(settings.apply("triage.no.such.key")).isEmpty();
    }

    private void install(Map<String, String> settings) {
        SessionHeadStart.reset();
        assertThat(SessionHeadStart.begin(config(settings))).isPresent();
    }

    private Function<String, Optional<String>> config(Map<String, String> settings) {
        Map<String, String> all = new java.util.HashMap<>(settings);
        all.put("triage.model-cache-dir", cache.toString());
        return key -> Optional.ofNullable(all.get(key));
    }

    private BundleLoader loader() {
        return new BundleLoader(() -> {
            throw new AssertionError("no S3 client in this test");
        }, new BundleCache(cache), timeline);
    }

    private static InferenceSettings threads(int intraOpThreads) {
        return Classifiers.settings(OptionalInt.of(intraOpThreads), 1, "cpu");
    }
}
