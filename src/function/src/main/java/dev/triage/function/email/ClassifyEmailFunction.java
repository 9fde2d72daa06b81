package dev.triage.function.email;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import dev.triage.core.TextClassifier;
import dev.triage.core.labels.Prediction;
import dev.triage.email.ClassifierInput;
import dev.triage.email.EmailContent;
import dev.triage.function.config.TriageConfig;
import dev.triage.function.model.EmailModel;
import dev.triage.function.ops.InvocationLog;
import io.quarkus.funqy.Funq;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;

/**
 * {@code classifyEmail}: SES stored a message in S3, S3 notified SQS, and SQS hands Lambda a batch.
 * Funqy's SQS support calls this once per record, one after another, and reports each record that
 * throws in {@code batchItemFailures}, so only that record is retried (and after the queue's receive
 * limit, dead-lettered) while its neighbours are deleted.
 *
 * <p>For each stored e-mail: if its tags show this model already did it, nothing (a redelivery);
 * else read and parse it, classify subject + body, check the tags and the result message against
 * S3's and SQS's limits, send the result, then tag the object. Tagging last makes the tags the "done"
 * mark: a failure before it leaves the record to be retried whole, which at worst sends the result
 * twice with the same idempotency key.
 *
 * <p>Three kinds of outcome besides a result: a transient failure (S3 or SQS throttling, a 5xx, a
 * timeout, a missing object) throws and is retried; a {@link PermanentFailure} (not a notification,
 * an object over the size limit, a message of which nothing is readable, no room for the tags) is
 * recorded once, as an error result and a {@code triage-error} tag, and acknowledged; SES's setup
 * notification is acknowledged and skipped. Each record has a {@link RecordBudget}.
 */
public class ClassifyEmailFunction {

    @Inject
    @EmailModel
    Instance<TextClassifier> model;

    @Inject
    S3Notifications notifications;

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
        RecordBudget budget = RecordBudget.start(config.email().recordBudget());
        TextClassifier classifier = model.get();
        String modelId = classifier.bundle().id();
        List<S3ObjectRef> objects;
        try {
            objects = notifications.objectsCreated(message.getBody());
        } catch (NotAnS3NotificationException e) {
            PermanentFailure failure = new PermanentFailure(PermanentFailure.Kind.NOT_A_NOTIFICATION, e.getMessage());
            InvocationLog.Entry entry = entry(message, modelId);
            if (results.enabled()) {
                results.send(results.prepare(EmailError.forMessage(message.getMessageId(), failure, modelId)));
                entry.with("errorResult", true);
            }
            entry.with("error", failure.kind().word()).writeFailure("not an S3 notification: recorded once, not retried", failure);
            return;
        }
        for (S3ObjectRef object : objects) {
            if (SesSetupNotification.is(object)) {
                entry(message, modelId).with("bucket", object.bucket()).with("key", object.key())
                        .with("skipped", SesSetupNotification.KEY_NAME).write("SES setup notification: acknowledged, not classified");
                continue;
            }
            process(message, object, budget, classifier);
        }
    }

    private void process(SQSEvent.SQSMessage message, S3ObjectRef object, RecordBudget budget, TextClassifier classifier) {
        String modelId = classifier.bundle().id();
        InvocationLog.Entry entry = entry(message, modelId).with("bucket", object.bucket()).with("key", object.key());
        try {
            classify(object, budget, classifier, entry);
        } catch (PermanentFailure failure) {
            recordFailure(object, failure, modelId, entry);
        } catch (RecordBudget.Exceeded e) {
            int received = receiveCount(message);
            if (received >= config.email().budgetAttempts()) {
                recordFailure(object, new PermanentFailure(PermanentFailure.Kind.OVER_BUDGET, e.getMessage() + ", on each of "
                        + received + " receives"), modelId, entry);
                return;
            }
            entry.writeFailure("e-mail not classified within its time budget; the record will be retried", e);
            throw e;
        } catch (MissingObjectException e) {
            entry.writeFailure("e-mail not classified; the record will be retried and, if the object stays missing, "
                    + "end in the dead-letter queue", e);
            throw e;
        } catch (RuntimeException e) {
            entry.writeFailure("e-mail not classified; the record will be retried", e);
            throw e;
        }
    }

    private void classify(S3ObjectRef object, RecordBudget budget, TextClassifier classifier, InvocationLog.Entry entry) {
        String modelId = classifier.bundle().id();
        Map<String, String> tags = store.tags(object);
        if (TriageTags.doneBy(tags, modelId)) {
            entry.with("label", tags.get(TriageTags.LABEL)).with("duplicate", true).write("already classified; nothing sent again");
            return;
        }
        if (TriageTags.failed(tags)) {
            entry.with("error", tags.get(TriageTags.ERROR)).with("duplicate", true)
                    .write("already recorded as a permanent failure; nothing sent again");
            return;
        }
        TriageTags.checkRoom(tags);
        budget.check("the message was read");
        EmailContent email = store.read(object, budget);
        Prediction prediction = classifier.classify(ClassifierInput.of(email, config.email().maxBodyChars()), 1);
        // Everything checked before anything is sent or written: the tags against S3's rules, the message against SQS's.
        Map<String, String> merged = TriageTags.merged(tags, prediction.label(), prediction.score(), modelId);
        EmailResult result = new EmailResult(object.idempotencyKey(), object.bucket(), object.key(), object.versionId(),
                email.messageId(), email.from(), email.subject(), prediction.label(), prediction.score(), modelId, email.cuts());
        ResultPublisher.Outgoing outgoing = results.enabled() ? results.prepare(result) : null;
        if (outgoing != null) {
            results.send(outgoing);
        }
        store.putTags(object, merged);
        entry.with("label", prediction.label()).with("score", prediction.score()).with("htmlOnly", email.htmlOnly())
                .with("notes", email.notes().isEmpty() ? null : String.join("; ", email.notes()))
                .with("cuts", email.cuts().isEmpty() ? null : String.join("; ", email.cuts()))
                .withText("subject", email.subject()).write("e-mail classified");
    }

    /** A permanent failure, recorded once: an error result, then the {@code triage-error} tag (the "done" mark). */
    private void recordFailure(S3ObjectRef object, PermanentFailure failure, String modelId, InvocationLog.Entry entry) {
        if (results.enabled()) {
            results.send(results.prepare(EmailError.forObject(object, failure, modelId)));
            entry.with("errorResult", true);
        }
        boolean tagged = TriageTags.withError(store.tags(object), failure.kind()).map(tags -> {
            store.putTags(object, tags);
            return true;
        }).orElse(false);
        entry.with("error", failure.kind().word()).with("tagged", tagged)
                .writeFailure("e-mail not classified: a permanent failure, recorded once and not retried", failure);
    }

    private InvocationLog.Entry entry(SQSEvent.SQSMessage message, String modelId) {
        return log.entry("classifyEmail").with("messageId", message.getMessageId()).with("receiveCount", receiveCount(message))
                .with("model", modelId);
    }

    private static int receiveCount(SQSEvent.SQSMessage message) {
        String count = message.getAttributes() == null ? null : message.getAttributes().get("ApproximateReceiveCount");
        try {
            return count == null ? 1 : Integer.parseInt(count);
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
