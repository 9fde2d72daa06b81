package dev.triage.function.archive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.triage.core.TextClassifier;
import dev.triage.core.records.ResultLine;
import dev.triage.function.config.TriageConfig;
import dev.triage.function.email.RecordBudget;
import dev.triage.function.email.S3ObjectRef;
import dev.triage.function.model.EmailModel;
import dev.triage.function.model.TextModel;
import dev.triage.function.ops.InvocationLog;
import io.quarkus.funqy.Funq;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.nio.file.Path;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * {@code classifyArchive}: one batch of a Step Functions Distributed Map over stored e-mails or files of
 * texts ({@link ArchiveBatch}). Each item gets a result, an error or a skip in the batch's results
 * object, {@code s3://$TRIAGE_ARCHIVE_RESULTS_BUCKET/<resultsPrefix><job>/<batch id>.jsonl}; the map
 * gets a small {@link ArchiveSummary}. E-mails use classifyEmail's model ({@code triage.email.model.*}),
 * texts classify's ({@code triage.model.*}).
 *
 * <p>A failed item does not fail the batch. The invocation fails only where no item could survive: an
 * event not of the batch shape, a model that does not load, no results bucket, the results not
 * written, or an S3 failure that may pass on a retry (5xx, throttling, a broken connection), so that
 * the map's retries and tolerated-failure threshold apply.
 */
public class ClassifyArchiveFunction {

    public static final String EXPORT = dev.triage.function.model.ModelPreloader.ARCHIVE_FUNCTION;

    @Inject
    @EmailModel
    Instance<TextClassifier> emailModel;

    @Inject
    @TextModel
    Instance<TextClassifier> textModel;

    @Inject
    ArchiveEmails emails;

    @Inject
    ArchiveTexts texts;

    @Inject
    S3Client s3;

    @Inject
    ObjectMapper json;

    @Inject
    TriageConfig config;

    @Inject
    InvocationLog log;

    @Funq(EXPORT)
    public ArchiveSummary classifyArchive(JsonNode event) {
        InvocationLog.Entry entry = log.entry(EXPORT);
        ArchiveBatch batch;
        try {
            batch = ArchiveBatch.parse(event);
        } catch (InvalidArchiveEventException e) {
            entry.writeFailure("not an archive batch event: the invocation fails", e);
            throw e;
        }
        String bucket = config.archive().resultsBucket().filter(name -> !name.isBlank()).orElseThrow(() -> new IllegalStateException(
                "triage.archive.results-bucket (TRIAGE_ARCHIVE_RESULTS_BUCKET) is not set: classifyArchive has nowhere to write results"));
        TextClassifier classifier = batch.format() == ArchiveBatch.Format.EMAIL ? emailModel.get() : textModel.get();
        entry.with("job", batch.job()).with("batch", batch.batchId()).with("format", batch.format().name().toLowerCase(java.util.Locale.ROOT))
                .with("model", classifier.bundle().id()).with("items", batch.items().size());
        RecordBudget invocation = RecordBudget.start(config.archive().timeBudget());
        try (ResultsFile results = new ResultsFile(json)) {
            for (S3ObjectRef item : batch.items()) {
                if (invocation.isSpent()) {
                    results.add(ResultLine.failed(item.key(), null, null, "not started: the invocation's time budget of "
                            + config.archive().timeBudget() + " ran out (triage.archive.time-budget)"));
                } else if (batch.format() == ArchiveBatch.Format.EMAIL) {
                    results.add(emails.classify(item, batch.tag(), classifier));
                } else {
                    texts.classify(item, classifier, invocation, results);
                }
            }
            Path file = results.finish();
            s3.putObject(b -> b.bucket(bucket).key(batch.resultsKey()).contentType("application/x-ndjson"), RequestBody.fromFile(file));
            ArchiveSummary summary = results.summary(batch.items().size(), "s3://" + bucket + "/" + batch.resultsKey());
            entry.with("results", summary.results()).with("failed", summary.failed()).with("skipped", summary.skipped())
                    .with("resultsObject", summary.resultsObject()).write("archive batch classified");
            return summary;
        } catch (RuntimeException e) {
            entry.writeFailure("archive batch not done: the invocation fails and the map may retry it", e);
            throw e;
        }
    }
}
