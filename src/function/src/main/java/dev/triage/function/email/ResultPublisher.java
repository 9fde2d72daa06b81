package dev.triage.function.email;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.triage.function.config.TriageConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Sends each result to the output queue (a standard queue: no deduplication id; the result carries
 * its idempotency key in the body and as a message attribute for consumers to dedupe on).
 */
@ApplicationScoped
public class ResultPublisher {

    public static final String IDEMPOTENCY_ATTRIBUTE = "idempotencyKey";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    SqsClient sqs;

    @Inject
    TriageConfig config;

    public boolean enabled() {
        return config.email().outputQueueUrl().isPresent();
    }

    public void publish(EmailResult result) {
        String queueUrl = config.email().outputQueueUrl().orElseThrow();
        String body;
        try {
            body = JSON.writeValueAsString(result);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an e-mail result could not be written as JSON", e);
        }
        sqs.sendMessage(m -> m.queueUrl(queueUrl).messageBody(body).messageAttributes(java.util.Map.of(IDEMPOTENCY_ATTRIBUTE,
                MessageAttributeValue.builder().dataType("String").stringValue(result.idempotencyKey()).build())));
    }
}
