package dev.triage.function.email;

import static dev.triage.function.email.ClassifyEmailFunctionTest.drainQueue;
import static dev.triage.function.email.ClassifyEmailFunctionTest.enqueue;
import static dev.triage.function.email.ClassifyEmailFunctionTest.notification;
import static dev.triage.function.email.ClassifyEmailFunctionTest.outputs;
import static dev.triage.function.email.ClassifyEmailFunctionTest.store;
import static dev.triage.function.email.ClassifyEmailFunctionTest.tags;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.triage.function.standins.AwsStandIns;
import dev.triage.testsupport.mail.HostileMail;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Every hostile message of {@link HostileMail}, and the hostile objects only S3 can hold (8 tags of
 * their own, over the size limit), through {@code classifyEmail} on the stand-ins as Lambda runs it.
 * Each record ends in exactly one place: a result, an error result, or the dead-letter queue. None is
 * lost, none crashes the function, and none is retried that can never succeed.
 */
@QuarkusTest
@TestProfile(HostileMailFunctionTest.HostileLimits.class)
@QuarkusTestResource(value = AwsStandIns.class, restrictToAnnotatedClass = true)
class HostileMailFunctionTest {

    static final int MAX_OBJECT_BYTES = 16 << 20;

    public static class HostileLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.funqy.export", "classifyEmail", "triage.inference.intra-op-threads", "2",
                    "triage.email.max-object-bytes", String.valueOf(MAX_OBJECT_BYTES));
        }
    }

    @Test
    void everyHostileMessageEndsInAResultOrAnErrorResultAndNothingIsLost() throws Exception {
        Map<String, String> expected = new LinkedHashMap<>(); // key -> "classified" or the error
        for (HostileMail mail : HostileMail.values()) {
            String key = "hostile/" + mail.name().toLowerCase() + ".eml";
            store(key, mail.bytes(), Map.of());
            expected.put(key, mail == HostileMail.HEADER_OVER_1_MIB_FIRST ? "unreadable-mime" : "classified");
        }
        Map<String, String> eightTags = new TreeMap<>();
        for (int i = 0; i < 8; i++) {
            eightTags.put("own-" + i, "v" + i);
        }
        store("hostile/eight-tags.eml", "Subject: tagged\r\n\r\nhello\r\n".getBytes(StandardCharsets.UTF_8), eightTags);
        expected.put("hostile/eight-tags.eml", "too-many-tags");
        store("hostile/too-large.eml", ClassifyEmailFunctionTest.withAttachment(MAX_OBJECT_BYTES + 1024), Map.of());
        expected.put("hostile/too-large.eml", "too-large");
        expected.keySet().forEach(key -> enqueue(notification(key)));

        LambdaSqsDriver driver = new LambdaSqsDriver(AwsStandIns.sqs(), AwsStandIns.inputQueueUrl());
        driver.drain(300_000);

        List<JsonNode> outputs = outputs();
        List<Message> deadLetters = drainQueue(AwsStandIns.deadLetterQueueUrl());
        Map<String, String> outcomes = new TreeMap<>();
        for (JsonNode output : outputs) {
            String outcome = output.path("outcome").asText().equals("classified") ? "classified" : output.path("error").asText();
            assertThat(outcomes.put(output.path("key").asText(), outcome)).as("one output per record").isNull();
        }
        assertThat(deadLetters).as("nothing here can succeed later, so nothing is dead-lettered").isEmpty();
        assertThat(outcomes).as("every record has its one outcome").isEqualTo(new TreeMap<>(expected));
        assertThat(driver.failedMessageIds()).as("no record was retried").isEmpty();

        for (JsonNode output : outputs) {
            String key = output.path("key").asText();
            Map<String, String> tags = tags(key);
            if (output.path("outcome").asText().equals("classified")) {
                assertThat(tags).as(key).containsKeys("triage-label", "triage-score", "triage-model");
                assertThat(output.path("subject").asText().length()).isLessThanOrEqualTo(998);
            } else {
                assertThat(tags).as(key).containsEntry("triage-error", output.path("error").asText()).doesNotContainKey("triage-label");
            }
        }
        JsonNode subject = outputs.stream().filter(o -> o.path("key").asText().equals("hostile/subject_300_kb.eml")).findFirst().orElseThrow();
        assertThat(subject.path("subject").asText()).hasSize(998);
        assertThat(subject.path("cuts").get(0).asText()).matches("Subject of \\d+ bytes: cut to 998 characters");
        assertThat(tags("hostile/eight-tags.eml")).as("the object's own tags are kept, the error added").hasSize(9)
                .containsAllEntriesOf(eightTags);

        // A redelivery of a record already recorded as a failure sends nothing again.
        enqueue(notification("hostile/eight-tags.eml"));
        driver.drain(60_000);
        assertThat(outputs()).isEmpty();
    }
}
