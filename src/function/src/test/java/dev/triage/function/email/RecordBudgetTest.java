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
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A record that runs out of its time budget stops, is retried (a slow S3 may be the cause), and once
 * it has run out on {@code budget-attempts} receives is recorded as a permanent failure. A budget of
 * one millisecond makes every record run out at its first step.
 */
@QuarkusTest
@TestProfile(RecordBudgetTest.NoTime.class)
@QuarkusTestResource(value = AwsStandIns.class, restrictToAnnotatedClass = true)
class RecordBudgetTest {

    public static class NoTime implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.funqy.export", "classifyEmail", "triage.inference.intra-op-threads", "1",
                    "triage.email.record-budget", "1ms", "triage.email.budget-attempts", "2");
        }
    }

    @Test
    void aRecordOverItsBudgetIsRetriedThenRecordedAsAPermanentFailure() throws Exception {
        store("slow/one.eml", "Subject: any\r\n\r\nany body\r\n");
        enqueue(notification("slow/one.eml"));
        LambdaSqsDriver driver = new LambdaSqsDriver(AwsStandIns.sqs(), AwsStandIns.inputQueueUrl());
        driver.drain(60_000);

        assertThat(driver.failedMessageIds()).as("the first receive was retried").hasSize(1);
        List<JsonNode> outputs = outputs();
        assertThat(outputs).singleElement().satisfies(error -> {
            assertThat(error.path("outcome").asText()).isEqualTo("error");
            assertThat(error.path("error").asText()).isEqualTo("over-time-budget");
            assertThat(error.path("message").asText()).contains("time budget of 1 ms ran out").contains("on each of 2 receives");
        });
        assertThat(tags("slow/one.eml")).containsEntry("triage-error", "over-time-budget");
        assertThat(drainQueue(AwsStandIns.deadLetterQueueUrl())).isEmpty();
    }
}
