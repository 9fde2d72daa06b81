package dev.triage.function.email;

import static io.restassured.RestAssured.given;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Does what Lambda's SQS event source mapping does, against ElasticMQ: receive a batch, hand it to the
 * function as the SQS event Lambda builds, delete the records that succeeded, and leave those listed
 * in {@code batchItemFailures} to reappear after the visibility timeout (and, past the queue's
 * receive limit, to be moved to its dead-letter queue by the queue itself).
 */
final class LambdaSqsDriver {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SqsClient sqs;
    private final String queueUrl;
    private int invocations;
    private final Set<String> failedMessageIds = new HashSet<>();

    LambdaSqsDriver(SqsClient sqs, String queueUrl) {
        this.sqs = sqs;
        this.queueUrl = queueUrl;
    }

    /** Polls until the queue is empty (every message deleted or dead-lettered), or the deadline. */
    void drain(long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (System.currentTimeMillis() < deadline) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL).waitTimeSeconds(1)).messages();
            if (batch.isEmpty()) {
                if (remaining() == 0) {
                    return;
                }
                continue;
            }
            Set<String> failed = invoke(batch);
            failedMessageIds.addAll(failed);
            List<DeleteMessageBatchRequestEntry> done = batch.stream().filter(m -> !failed.contains(m.messageId()))
                    .map(m -> DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle()).build())
                    .toList();
            if (!done.isEmpty()) {
                sqs.deleteMessageBatch(b -> b.queueUrl(queueUrl).entries(done));
            }
        }
        throw new AssertionError("the queue did not drain in " + timeoutMillis + " ms; " + remaining() + " messages left");
    }

    private int remaining() {
        Map<String, String> attributes = sqs.getQueueAttributes(b -> b.queueUrl(queueUrl).attributeNamesWithStrings(
                "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")).attributesAsStrings();
        return Integer.parseInt(attributes.get("ApproximateNumberOfMessages"))
                + Integer.parseInt(attributes.get("ApproximateNumberOfMessagesNotVisible"));
    }

    /** One Lambda invocation with the batch; returns the message ids the function reported as failed. */
    Set<String> invoke(List<Message> batch) {
        invocations++;
        String response = given().body(event(batch).toString()).post().then().statusCode(200).extract().asString();
        Set<String> failed = new HashSet<>();
        try {
            JsonNode failures = JSON.readTree(response).path("batchItemFailures");
            failures.forEach(f -> failed.add(f.path("itemIdentifier").asText()));
        } catch (IOException e) {
            throw new AssertionError("the function's answer to an SQS batch is not JSON: " + response, e);
        }
        return failed;
    }

    /** The SQS event as Lambda's event source mapping sends it. */
    static ObjectNode event(List<Message> batch) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (Message message : batch) {
            ObjectNode record = records.addObject();
            record.put("messageId", message.messageId());
            record.put("receiptHandle", message.receiptHandle());
            record.put("body", message.body());
            ObjectNode attributes = record.putObject("attributes");
            attributes.put("ApproximateReceiveCount", message.attributesAsStrings().getOrDefault("ApproximateReceiveCount", "1"));
            attributes.put("SentTimestamp", message.attributesAsStrings().getOrDefault("SentTimestamp", "1795957542123"));
            attributes.put("SenderId", "AROAEXAMPLEID:s3-notifications");
            attributes.put("ApproximateFirstReceiveTimestamp",
                    message.attributesAsStrings().getOrDefault("ApproximateFirstReceiveTimestamp", "1795957542200"));
            record.putObject("messageAttributes");
            record.put("md5OfBody", message.md5OfBody());
            record.put("eventSource", "aws:sqs");
            record.put("eventSourceARN", "arn:aws:sqs:us-east-1:123456789012:triage-mail-events");
            record.put("awsRegion", "us-east-1");
        }
        return event;
    }

    int invocations() {
        return invocations;
    }

    Set<String> failedMessageIds() {
        return failedMessageIds;
    }
}
