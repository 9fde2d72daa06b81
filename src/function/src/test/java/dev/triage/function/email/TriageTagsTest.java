package dev.triage.function.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TriageTagsTest {

    @Test
    void keepsTheObjectsOwnTagsAndReplacesOldTriageTags() {
        Map<String, String> merged = TriageTags.merged(Map.of("retention", "90d", "triage-label", "ham"), "spam", 0.98766f, "spam@2");
        assertThat(merged).containsEntry("retention", "90d").containsEntry("triage-label", "spam")
                .containsEntry("triage-score", "0.9877").containsEntry("triage-model", "spam@2").hasSize(4);
    }

    @Test
    void aTaggedObjectIsDoneOnlyForTheSameModel() {
        Map<String, String> tags = Map.of("triage-label", "spam", "triage-model", "spam@1");
        assertThat(TriageTags.doneBy(tags, "spam@1")).isTrue();
        assertThat(TriageTags.doneBy(tags, "spam@2")).isFalse();
        assertThat(TriageTags.doneBy(Map.of(), "spam@1")).isFalse();
    }

    @Test
    void refusesToGoOverS3sTenTags() {
        Map<String, String> many = new HashMap<>();
        for (int i = 0; i < 8; i++) {
            many.put("t" + i, "v");
        }
        assertThatThrownBy(() -> TriageTags.merged(many, "ham", 0.9f, "m@1")).hasMessageContaining("limit of 10");
    }

    @Test
    void checksTriagesTagsAgainstS3sRulesBeforeAnythingIsWritten() {
        assertThatThrownBy(() -> TriageTags.merged(Map.of(), "billing & payments", 0.9f, "m@1"))
                .isInstanceOf(PermanentFailure.class).hasMessageContaining("has a character S3 does not allow");
        assertThatThrownBy(() -> TriageTags.merged(Map.of(), "x".repeat(257), 0.9f, "m@1"))
                .isInstanceOf(PermanentFailure.class).hasMessageContaining("is over 256 characters");
        assertThat(TriageTags.merged(Map.of(), "épargne à terme", 0.9f, "models/spam:2@3")).containsEntry("triage-label", "épargne à terme");
        assertThat(TriageTags.problem("triage-label", "\uD835\uDC00".repeat(256))).as("256 letters in 512 chars").isNull();
        assertThat(TriageTags.problem("triage-label", "\uD835\uDC00".repeat(257))).isNotNull();
        assertThat(TriageTags.problem("triage-label", "é".repeat(256))).as("Unicode characters are counted, not bytes").isNull();
    }

    @Test
    void countsOnlyTheObjectsOwnTagsAndAddsTheErrorWhereThereIsRoom() {
        Map<String, String> seven = new HashMap<>();
        for (int i = 0; i < 7; i++) {
            seven.put("t" + i, "v");
        }
        seven.put("triage-label", "ham");
        seven.put("triage-model", "old@1");
        TriageTags.checkRoom(seven); // 7 own + Triage's 3 = 10
        assertThat(TriageTags.withError(seven, PermanentFailure.Kind.TOO_LARGE)).get()
                .satisfies(tags -> assertThat(tags).containsEntry("triage-error", "too-large").hasSize(10));
        Map<String, String> ten = new HashMap<>();
        for (int i = 0; i < 10; i++) {
            ten.put("t" + i, "v");
        }
        assertThat(TriageTags.withError(ten, PermanentFailure.Kind.TOO_MANY_TAGS)).as("no room even for the error").isEmpty();
        assertThat(TriageTags.failed(Map.of("triage-error", "too-large"))).isTrue();
    }
}
