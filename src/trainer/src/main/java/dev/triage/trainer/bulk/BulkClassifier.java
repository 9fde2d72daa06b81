package dev.triage.trainer.bulk;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.triage.core.TextClassifier;
import dev.triage.core.labels.Prediction;
import dev.triage.core.records.ResultLine;
import dev.triage.email.ClassifierInput;
import dev.triage.email.EmailParser;
import dev.triage.trainer.data.DataFormatException;
import dev.triage.trainer.data.EmlFolderSet;
import dev.triage.trainer.progress.ProgressBar;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Classifies a {@link BulkInput} into JSON Lines, one {@link ResultLine} per item in input order: items
 * go in batches of {@code batchSize} (one padded session run each) to {@code workers} threads, and
 * results are written as batches finish, in order, with at most two batches a worker in flight, so
 * memory stays bounded whatever the input's size. An item that cannot be read or classified is an
 * error line and counted; none is dropped.
 */
public final class BulkClassifier {

    /** What a run did. */
    public record Outcome(long items, long failed, double seconds) {
        public double perSecond() {
            return seconds > 0 ? items / seconds : 0;
        }
    }

    private final TextClassifier classifier;
    private final int batchSize;
    private final int workers;
    private final String modelId;
    private final EmailParser parser = new EmailParser();
    private final ObjectWriter json = new ObjectMapper().writer();

    public BulkClassifier(TextClassifier classifier, int batchSize, int workers) {
        if (batchSize < 1 || workers < 1) {
            throw new IllegalArgumentException("--batch-size and --workers must be at least 1, are " + batchSize + " and " + workers);
        }
        this.classifier = classifier;
        this.batchSize = batchSize;
        this.workers = workers;
        this.modelId = classifier.bundle().id();
    }

    Outcome run(BulkInput input, Writer out, ProgressBar progress) throws IOException, InterruptedException {
        long start = System.nanoTime();
        long items = 0;
        long failed = 0;
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        Deque<Future<List<ResultLine>>> pending = new ArrayDeque<>();
        try (BufferedWriter writer = new BufferedWriter(out, 1 << 16)) {
            while (input.hasNext() || !pending.isEmpty()) {
                if (input.hasNext() && pending.size() < 2 * workers) {
                    List<BulkItem> batch = new ArrayList<>(batchSize);
                    while (batch.size() < batchSize && input.hasNext()) {
                        batch.add(input.next());
                    }
                    pending.add(pool.submit(() -> classify(batch)));
                    continue;
                }
                List<ResultLine> lines = await(pending.poll());
                for (ResultLine line : lines) {
                    writer.write(json.writeValueAsString(line));
                    writer.write('\n');
                    failed += line.isFailure() ? 1 : 0;
                }
                items += lines.size();
                progress.advance(lines.size(), failed > 0 ? "failed " + failed : "");
            }
        } finally {
            pool.shutdownNow();
        }
        return new Outcome(items, failed, (System.nanoTime() - start) / 1e9);
    }

    private static List<ResultLine> await(Future<List<ResultLine>> batch) throws InterruptedException {
        try {
            return batch.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("a batch failed: " + cause, cause);
        }
    }

    /** One batch: e-mails parsed here, on the worker; the readable texts classified in one run. */
    List<ResultLine> classify(List<BulkItem> batch) {
        ResultLine[] lines = new ResultLine[batch.size()];
        List<Integer> positions = new ArrayList<>(batch.size());
        List<String> texts = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            BulkItem item = batch.get(i);
            if (item.error() != null) {
                lines[i] = ResultLine.failed(item.key(), item.line(), item.id(), item.error());
            } else if (item.email() != null) {
                try {
                    texts.add(EmlFolderSet.classifierText(parser, item.email(), ClassifierInput.DEFAULT_MAX_BODY_CHARS));
                    positions.add(i);
                } catch (DataFormatException | UncheckedIOException e) {
                    lines[i] = ResultLine.failed(item.key(), null, null, e.getMessage());
                }
            } else {
                texts.add(item.text());
                positions.add(i);
            }
        }
        List<Object> predictions = predict(texts);
        for (int j = 0; j < positions.size(); j++) {
            int i = positions.get(j);
            BulkItem item = batch.get(i);
            lines[i] = predictions.get(j) instanceof Prediction prediction
                    ? ResultLine.classified(item.key(), item.line(), item.id(), prediction.label(), prediction.score(), modelId)
                    : ResultLine.failed(item.key(), item.line(), item.id(), "not classified: " + predictions.get(j));
        }
        return List.of(lines);
    }

    /**
     * The batch in one run; where that fails, text by text, so only the text at fault fails: each
     * element is a {@link Prediction}, or the reason (a String) that text has none.
     */
    private List<Object> predict(List<String> texts) {
        if (texts.isEmpty()) {
            return List.of();
        }
        try {
            return List.copyOf(classifier.classifyAll(texts, 1));
        } catch (RuntimeException batchFailure) {
            List<Object> one = new ArrayList<>(texts.size());
            for (String text : texts) {
                try {
                    one.add(classifier.classify(text, 1));
                } catch (RuntimeException e) {
                    one.add(e.getMessage());
                }
            }
            return one;
        }
    }
}
