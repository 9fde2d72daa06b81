package dev.triage.function.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.triage.function.standins.AwsStandIns;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.Tag;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * The e-mail flow end to end on the stand-ins: messages stored in S3 (s3rver), S3 notifications in
 * SQS (ElasticMQ, with a dead-letter queue after {@value AwsStandIns#MAX_RECEIVE_COUNT} receives),
 * batches handed to {@code classifyEmail} through the Lambda mock event server as Lambda's event
 * source mapping would, results read back from the output queue and the objects' tags.
 */
@QuarkusTest
@TestProfile(ClassifyEmailFunctionTest.EmailExport.class)
@QuarkusTestResource(value = AwsStandIns.class, restrictToAnnotatedClass = true)
class ClassifyEmailFunctionTest {

    public static class EmailExport implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.funqy.export", "classifyEmail", "triage.inference.intra-op-threads", "2");
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    void emptyQueues() {
        for (String queue : List.of(AwsStandIns.inputQueueUrl(), AwsStandIns.deadLetterQueueUrl(), AwsStandIns.outputQueueUrl())) {
            AwsStandIns.sqs().purgeQueue(b -> b.queueUrl(queue));
        }
    }

    static void store(String key, byte[] message, Map<String, String> tags) {
        AwsStandIns.s3().putObject(b -> b.bucket(AwsStandIns.MAIL_BUCKET).key(key), RequestBody.fromBytes(message));
        if (!tags.isEmpty()) {
            AwsStandIns.s3().putObjectTagging(b -> b.bucket(AwsStandIns.MAIL_BUCKET).key(key).tagging(t -> t.tagSet(
                    tags.entrySet().stream().map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList())));
        }
    }

    static void store(String key, String message) {
        store(key, message.getBytes(StandardCharsets.UTF_8), Map.of());
    }

    /** The notification S3 sends to SQS for a new object; the key URL-encoded as S3 encodes it. */
    static String notification(String key) {
        String encoded = URLEncoder.encode(key, StandardCharsets.UTF_8).replace("%2F", "/");
        return """
                {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1",
                "eventTime":"2026-11-28T13:05:42.123Z","eventName":"ObjectCreated:Put",
                "userIdentity":{"principalId":"AWS:AROAEXAMPLE:ses"},"requestParameters":{"sourceIPAddress":"10.0.0.1"},
                "responseElements":{"x-amz-request-id":"C3D13FE58DE4C810","x-amz-id-2":"FMyUVURIY8/IgAtTv8xRjskZQpcIZ9KG4V5Wp6S7S/JRWeUWerMUE5JgHvANOjpD"},
                "s3":{"s3SchemaVersion":"1.0","configurationId":"triage-mail","bucket":{"name":"%s",
                "ownerIdentity":{"principalId":"A3NL1KOZZKExample"},"arn":"arn:aws:s3:::%s"},
                "object":{"key":"%s","size":1024,"eTag":"d41d8cd98f00b204e9800998ecf8427e","sequencer":"0055AED6DCD90281E5"}}}]}
                """.formatted(AwsStandIns.MAIL_BUCKET, AwsStandIns.MAIL_BUCKET, encoded);
    }

    static void enqueue(String body) {
        AwsStandIns.sqs().sendMessage(b -> b.queueUrl(AwsStandIns.inputQueueUrl()).messageBody(body));
    }

    static Map<String, String> tags(String key) {
        Map<String, String> tags = new HashMap<>();
        AwsStandIns.s3().getObjectTagging(b -> b.bucket(AwsStandIns.MAIL_BUCKET).key(key)).tagSet()
                .forEach(t -> tags.put(t.key(), t.value()));
        return tags;
    }

    static List<Message> drainQueue(String queueUrl) {
        List<Message> all = new ArrayList<>();
        List<Message> batch;
        do {
            batch = AwsStandIns.sqs().receiveMessage(b -> b.queueUrl(queueUrl).maxNumberOfMessages(10)
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL).messageAttributeNames("All")).messages();
            all.addAll(batch);
        } while (!batch.isEmpty());
        return all;
    }

    /** Everything on the output queue: results and error results, each checked for its attributes. */
    static List<JsonNode> outputs() {
        List<JsonNode> outputs = new ArrayList<>();
        for (Message message : drainQueue(AwsStandIns.outputQueueUrl())) {
            try {
                JsonNode output = JSON.readTree(message.body());
                assertThat(message.messageAttributes().get("idempotencyKey").stringValue()).isEqualTo(output.path("idempotencyKey").asText());
                assertThat(message.messageAttributes().get("outcome").stringValue()).isEqualTo(output.path("outcome").asText());
                outputs.add(output);
            } catch (IOException e) {
                throw new AssertionError(message.body(), e);
            }
        }
        return outputs;
    }

    static Map<String, JsonNode> byKey(List<JsonNode> outputs, String outcome) {
        Map<String, JsonNode> byKey = new HashMap<>();
        outputs.stream().filter(output -> output.path("outcome").asText().equals(outcome)).forEach(output ->
                assertThat(byKey.put(output.path("key").asText(output.path("idempotencyKey").asText()), output))
                        .as("one output per e-mail").isNull());
        return byKey;
    }

    static Map<String, JsonNode> resultsByKey() {
        List<JsonNode> outputs = outputs();
        assertThat(outputs).allMatch(output -> output.path("outcome").asText().equals("classified"));
        return byKey(outputs, "classified");
    }

    @Test
    void craftedEdgeCasesAreClassifiedAndAPoisonMessageEndsInTheDeadLetterQueue() throws Exception {
        Map<String, String> cases = new HashMap<>();
        cases.put("in/plain hello+1.eml", "From: Ann <ann@example.org>\r\nSubject: Minutes of Tuesday's meeting\r\n"
                + "Message-ID: <m1@example.org>\r\n\r\nHi all, the minutes are below. Next meeting on Friday.\r\n");
        cases.put("in/malformed.eml", "Subject: broken mime\r\nContent-Type: multipart/mixed\r\n\r\n--nothing\r\nno boundary here\r\n");
        cases.put("in/unknown-charset.eml", "Subject: =?x-nonsense?Q?caf=E9?=\r\nContent-Type: text/plain; charset=x-nonsense\r\n\r\n"
                + "caf\u00e9 cr\u00e8me\r\n");
        cases.put("in/html-only.eml", "Subject: You WON a prize\r\nContent-Type: text/html\r\n\r\n<html><body><h1>CLICK HERE</h1>"
                + "<p>Claim your free prize now, limited offer, act fast!</p></body></html>\r\n");
        cases.put("in/empty.eml", "");
        cases.forEach(ClassifyEmailFunctionTest::store);
        store("in/tagged.eml", "Subject: keep my tags\r\n\r\nhello\r\n".getBytes(StandardCharsets.UTF_8), Map.of("retention", "90d"));
        store("in/big-attachment.eml", withAttachment(20 << 20), Map.of());

        List<String> keys = new ArrayList<>(cases.keySet());
        keys.add("in/tagged.eml");
        keys.add("in/big-attachment.eml");
        keys.forEach(key -> enqueue(notification(key)));
        enqueue(notification("in/never-stored.eml"));
        enqueue("this is not an S3 event notification");
        // What SES writes when its receipt rule is created: acknowledged and skipped.
        store("in/AMAZON_SES_SETUP_NOTIFICATION", "Subject: Amazon SES Setup Notification\r\n\r\nThis is a test message.\r\n");
        enqueue(notification("in/AMAZON_SES_SETUP_NOTIFICATION"));
        enqueue("{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Time\":\"2026-11-28T13:00:00.000Z\","
                + "\"Bucket\":\"triage-mail\",\"RequestId\":\"5582815E1AEA5ADF\",\"HostId\":\"8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE\"}");

        LambdaSqsDriver driver = new LambdaSqsDriver(AwsStandIns.sqs(), AwsStandIns.inputQueueUrl());
        driver.drain(120_000);

        List<JsonNode> outputs = outputs();
        Map<String, JsonNode> results = byKey(outputs, "classified");
        assertThat(results.keySet()).containsExactlyInAnyOrderElementsOf(keys);
        // The message that is no notification can never succeed: one error result, no retries.
        List<JsonNode> errors = outputs.stream().filter(output -> output.path("outcome").asText().equals("error")).toList();
        assertThat(errors).singleElement().satisfies(error -> {
            assertThat(error.path("error").asText()).isEqualTo("not-an-s3-notification");
            assertThat(error.path("idempotencyKey").asText()).startsWith("sqs-message:");
            assertThat(error.path("message").asText()).contains("not JSON");
        });
        assertThat(tags("in/AMAZON_SES_SETUP_NOTIFICATION")).as("SES's setup object is left alone").isEmpty();
        for (String key : keys) {
            Map<String, String> tags = tags(key);
            assertThat(tags.get("triage-label")).as(key).isIn("ham", "spam");
            assertThat(tags.get("triage-model")).isEqualTo("spam-minilm-finetuned-int8@1");
            assertThat(Float.parseFloat(tags.get("triage-score"))).isBetween(0.5f, 1f);
            assertThat(results.get(key).path("label").asText()).isEqualTo(tags.get("triage-label"));
            assertThat(results.get(key).path("idempotencyKey").asText())
                    .isEqualTo("s3://triage-mail/" + key + "?etag=d41d8cd98f00b204e9800998ecf8427e");
        }
        assertThat(tags("in/tagged.eml")).containsEntry("retention", "90d");
        JsonNode plain = results.get("in/plain hello+1.eml");
        assertThat(plain.path("messageId").asText()).isEqualTo("<m1@example.org>");
        assertThat(plain.path("from").asText()).isEqualTo("Ann <ann@example.org>");
        assertThat(plain.path("subject").asText()).isEqualTo("Minutes of Tuesday's meeting");
        assertThat(results.get("in/html-only.eml").path("label").asText()).isEqualTo("spam");

        // The missing object may appear yet (a transient failure): retried until the queue dead-lettered it.
        List<Message> deadLetters = drainQueue(AwsStandIns.deadLetterQueueUrl());
        assertThat(deadLetters).extracting(Message::body).containsExactly(notification("in/never-stored.eml"));
        assertThat(driver.invocations()).isGreaterThanOrEqualTo(AwsStandIns.MAX_RECEIVE_COUNT);
    }

    @Test
    void aRedeliveredNotificationIsHarmless() throws Exception {
        store("again/once.eml", "Subject: quarterly numbers\r\n\r\nPlease find the report for Q3 below.\r\n");
        enqueue(notification("again/once.eml"));
        LambdaSqsDriver driver = new LambdaSqsDriver(AwsStandIns.sqs(), AwsStandIns.inputQueueUrl());
        driver.drain(60_000);
        Map<String, String> first = tags("again/once.eml");
        assertThat(resultsByKey()).containsOnlyKeys("again/once.eml");

        enqueue(notification("again/once.eml")); // SQS delivers at least once
        driver.drain(60_000);
        assertThat(tags("again/once.eml")).isEqualTo(first);
        assertThat(resultsByKey()).as("no second result message").isEmpty();
        assertThat(driver.failedMessageIds()).isEmpty();
    }

    @Test
    void realMessagesFromTheSpamAssassinTestSplit() throws Exception {
        Path corpus = Path.of(System.getProperty("shared.dir", "../../../shared"), "datasets", "spamassassin");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(corpus),
                "SpamAssassin corpus not found at " + corpus.toAbsolutePath() + ": skipped (it lives in ../shared, outside the repository)");
        Map<String, String> expected = new HashMap<>();
        for (String group : List.of("easy-ham-1", "hard-ham-1", "spam-1", "spam-2")) {
            List<Path> sample;
            try (Stream<Path> files = Files.list(corpus.resolve(group))) {
                // the held-out test part of the recipe's split: md5 starting with 0 or 1
                sample = files.filter(p -> p.getFileName().toString().matches("\\d+\\.[01][0-9a-f]{31}\\.eml")).sorted().limit(4).toList();
            }
            for (Path file : sample) {
                String key = "corpus/" + group + "/" + file.getFileName();
                try (InputStream in = Files.newInputStream(file)) {
                    store(key, in.readAllBytes(), Map.of());
                }
                expected.put(key, group.startsWith("spam") ? "spam" : "ham");
                enqueue(notification(key));
            }
        }
        new LambdaSqsDriver(AwsStandIns.sqs(), AwsStandIns.inputQueueUrl()).drain(120_000);
        Map<String, JsonNode> results = resultsByKey();
        assertThat(results.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        long right = expected.entrySet().stream().filter(e -> results.get(e.getKey()).path("label").asText().equals(e.getValue())).count();
        assertThat(right).as("correct of " + expected.size()).isGreaterThanOrEqualTo(expected.size() - 2);
    }

    /** A message with a text part and a base64 attachment of about {@code bytes} bytes, written here. */
    static byte[] withAttachment(int bytes) {
        StringBuilder message = new StringBuilder("From: reports@example.org\r\nSubject: Monthly report attached\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\nContent-Type: text/plain\r\n\r\n"
                + "Hello, the monthly report is attached. Regards, Finance\r\n--b\r\nContent-Type: application/pdf\r\n"
                + "Content-Disposition: attachment; filename=\"report.pdf\"\r\nContent-Transfer-Encoding: base64\r\n\r\n");
        String line = "JVBERi0xLjQKJcfsj6IKNSAwIG9iago8PC9MZW5ndGggNiAwIFIvRmlsdGVyIC9GbGF0ZURlY29kZT4+\r\n";
        while (message.length() < bytes) {
            message.append(line);
        }
        return message.append("--b--\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }
}
