package dev.triage.function.archive;

import dev.triage.core.TextClassifier;
import dev.triage.core.labels.Prediction;
import dev.triage.core.records.RecordLimits;
import dev.triage.core.records.ResultLine;
import dev.triage.core.records.TextRecord;
import dev.triage.core.records.TextRecordFormat;
import dev.triage.core.records.TextRecordReader;
import dev.triage.function.config.TriageConfig;
import dev.triage.function.email.RecordBudget;
import dev.triage.function.email.S3ObjectRef;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * One file of texts of an archive (.jsonl/.ndjson, .csv with a {@code text} column, or .txt with one text
 * a line), read as it streams from S3 ({@link TextRecordReader}: memory bounded by the longest line
 * allowed) and classified in groups of {@code triage.archive.text-batch-size} lines: one result per
 * line, a line that cannot be read an error naming its number. The file shares the invocation's time
 * budget; where that runs out, the lines not reached are one error result from the first of them.
 */
@ApplicationScoped
class ArchiveTexts {

    @Inject
    S3Client s3;

    @Inject
    TriageConfig config;

    void classify(S3ObjectRef item, TextClassifier classifier, RecordBudget invocation, ResultsFile results) {
        Optional<TextRecordFormat> format = TextRecordFormat.forName(item.key());
        if (format.isEmpty()) {
            results.add(ResultLine.failed(item.key(), null, null, "not a file of texts: the key must end in .jsonl, .ndjson, .csv or .txt"));
            return;
        }
        RecordLimits limits = new RecordLimits(config.archive().maxLineBytes(), config.limits().maxTextChars());
        int groupSize = Math.max(1, config.archive().textBatchSize());
        String modelId = classifier.bundle().id();
        long nextLine = 1;
        List<TextRecord> group = new ArrayList<>(groupSize);
        try (ResponseInputStream<GetObjectResponse> in = s3.getObject(b -> b.bucket(item.bucket()).key(item.key()))) {
            TextRecordReader reader = new TextRecordReader(invocation.guard(in), format.get(), limits);
            TextRecord record;
            while ((record = reader.next()) != null) {
                if (record.failed()) {
                    results.add(ResultLine.failed(item.key(), record.line(), record.id(), record.error()));
                } else {
                    group.add(record);
                    if (group.size() == groupSize) {
                        classify(item, group, classifier, modelId, results);
                        group.clear();
                    }
                }
                nextLine = record.line() + 1;
            }
            classify(item, group, classifier, modelId, results);
        } catch (NoSuchKeyException e) {
            results.add(ResultLine.failed(item.key(), null, null, item.idempotencyKey() + " does not exist (deleted, or not yet visible)"));
        } catch (IOException e) {
            classify(item, group, classifier, modelId, results);
            String why = invocation.isSpent() ? "the invocation's time budget of " + config.archive().timeBudget() + " ran out"
                    : "reading the object failed: " + e.getMessage();
            results.add(ResultLine.failed(item.key(), nextLine, null, "lines from " + nextLine + " on were not classified: " + why));
        } catch (RuntimeException e) {
            results.add(ResultLine.failed(item.key(), null, null,
                    S3Failures.itemError(item, e).orElseThrow(() -> e)));
        }
    }

    private static void classify(S3ObjectRef item, List<TextRecord> group, TextClassifier classifier, String modelId, ResultsFile results) {
        if (group.isEmpty()) {
            return;
        }
        List<Prediction> predictions = classifier.classifyAll(group.stream().map(TextRecord::text).toList(), 1);
        for (int i = 0; i < group.size(); i++) {
            TextRecord record = group.get(i);
            results.add(ResultLine.classified(item.key(), record.line(), record.id(), predictions.get(i).label(),
                    predictions.get(i).score(), modelId));
        }
        group.clear();
    }
}
