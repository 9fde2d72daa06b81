package dev.triage.function.email;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.triage.core.TextClassifier;
import dev.triage.core.labels.Prediction;
import dev.triage.email.ClassifierInput;
import dev.triage.email.EmailContent;
import dev.triage.function.config.TriageConfig;
import dev.triage.function.model.EmailModelProvider;
import dev.triage.function.ops.InvocationLog;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;

/**
 * {@code classifyEmail}: SES stored a message in S3, S3 notified SQS, and SQS hands Lambda a batch.
 * Funqy's SQS support calls this once per record and reports each record that throws in
 * {@code batchItemFailures}, so only that record is retried (and after the queue's receive limit,
 * dead-lettered) while its neighbours are deleted.
 *
 * <p>For each stored e-mail: if its tags show this model already did it, nothing (a redelivery);
 * else read and parse it, classify subject + body, send the result, then tag the object. Tagging
 * last makes the tags the "done" mark: a failure before it leaves the record to be retried whole,
 * which at worst sends the result twice with the same idempotency key.
 */
public class ClassifyEmailFunction {

    @Inject
    EmailModelProvider model;

    @Inject
    MailStore store;

    @Inject
    ResultPublisher results;

    @Inject
    TriageConfig config;

    @Inject
    InvocationLog log;

    @Funq("classifyEmail")
    public void classifyEmail(SQSEvent.SQSMessage message) {
        List<S3ObjectRef> objects;
        try {
            objects = S3Notifications.objectsCreated(message.getBody());
        } catch (NotAnS3NotificationException e) {
            log.entry("classifyEmail").with("messageId", message.getMessageId())
                    .with("receiveCount", receiveCount(message)).writeFailure("not an S3 notification", e);
            throw e;
        }
        for (S3ObjectRef object : objects) {
            classify(message, object);
        }
    }

    private void classify(SQSEvent.SQSMessage message, S3ObjectRef object) {
        TextClassifier classifier = model.classifier();
        String modelId = classifier.bundle().id();
        InvocationLog.Entry entry = log.entry("classifyEmail").with("messageId", message.getMessageId())
                .with("receiveCount", receiveCount(message)).with("bucket", object.bucket()).with("key", object.key())
                .with("model", modelId);
        try {
            Map<String, String> tags = store.tags(object);
            if (TriageTags.doneBy(tags, modelId)) {
                entry.with("label", tags.get(TriageTags.LABEL)).with("duplicate", true).write("already classified; nothing sent again");
                return;
            }
            EmailContent email = store.read(object);
            String input = ClassifierInput.of(email, config.email().maxBodyChars());
            Prediction prediction = classifier.classify(input, 1);
            if (results.enabled()) {
                results.publish(new EmailResult(object.idempotencyKey(), object.bucket(), object.key(), object.versionId(),
                        email.messageId(), email.from(), email.subject(), prediction.label(), prediction.score(), modelId));
            }
            store.putTags(object, TriageTags.merged(tags, prediction.label(), prediction.score(), modelId));
            entry.with("label", prediction.label()).with("score", prediction.score()).with("htmlOnly", email.htmlOnly())
                    .with("notes", email.notes().isEmpty() ? null : String.join("; ", email.notes()))
                    .withText("subject", email.subject()).write("e-mail classified");
        } catch (RuntimeException e) {
            entry.writeFailure("e-mail not classified; the record will be retried", e);
            throw e;
        }
    }

    private static String receiveCount(SQSEvent.SQSMessage message) {
        return message.getAttributes() == null ? null : message.getAttributes().get("ApproximateReceiveCount");
    }
}
