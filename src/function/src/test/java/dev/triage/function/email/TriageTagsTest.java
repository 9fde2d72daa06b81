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
}
