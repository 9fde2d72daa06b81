package dev.triage.function.archive;

import dev.triage.core.TextClassifier;
import dev.triage.core.labels.Prediction;
import dev.triage.core.records.ResultLine;
import dev.triage.email.ClassifierInput;
import dev.triage.email.EmailContent;
import dev.triage.function.config.TriageConfig;
import dev.triage.function.email.MailStore;
import dev.triage.function.email.MissingObjectException;
import dev.triage.function.email.PermanentFailure;
import dev.triage.function.email.RecordBudget;
import dev.triage.function.email.S3ObjectRef;
import dev.triage.function.email.TriageTags;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/**
 * One stored e-mail of an archive, done as {@code classifyEmail} does it (its {@link MailStore},
 * {@link ClassifierInput} and {@link TriageTags}): skipped where its tags show this model already
 * classified it; else read within classifyEmail's per-record time budget, classified, and, where the
 * job tags, tagged. What can never succeed for this item (missing, unreadable, too large, no room for
 * the tags, over its budget, access refused) is its error result; the batch goes on.
 */
@ApplicationScoped
class ArchiveEmails {

    @Inject
    MailStore store;

    @Inject
    TriageConfig config;

    ResultLine classify(S3ObjectRef item, boolean tag, TextClassifier classifier) {
        String modelId = classifier.bundle().id();
        try {
            Map<String, String> tags = store.tags(item);
            if (TriageTags.doneBy(tags, modelId)) {
                return ResultLine.skipped(item.key(), "already tagged by " + modelId);
            }
            if (tag) {
                TriageTags.checkRoom(tags);
            }
            EmailContent email = store.read(item, RecordBudget.start(config.email().recordBudget()));
            Prediction prediction = classifier.classify(ClassifierInput.of(email, config.email().maxBodyChars()), 1);
            if (tag) {
                store.putTags(item, TriageTags.merged(tags, prediction.label(), prediction.score(), modelId));
            }
            return ResultLine.classified(item.key(), null, null, prediction.label(), prediction.score(), modelId);
        } catch (MissingObjectException e) {
            return ResultLine.failed(item.key(), null, null, e.getMessage());
        } catch (PermanentFailure e) {
            return ResultLine.failed(item.key(), null, null, e.kind().word() + ": " + e.getMessage());
        } catch (RecordBudget.Exceeded e) {
            return ResultLine.failed(item.key(), null, null, PermanentFailure.Kind.OVER_BUDGET.word() + ": " + e.getMessage());
        } catch (RuntimeException e) {
            return S3Failures.itemError(item, e).map(reason -> ResultLine.failed(item.key(), null, null, reason)).orElseThrow(() -> e);
        }
    }
}
