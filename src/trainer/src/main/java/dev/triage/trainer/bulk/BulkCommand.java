package dev.triage.trainer.bulk;

import dev.triage.core.TextClassifier;
import dev.triage.core.bundle.ModelBundle;
import dev.triage.core.logits.InferenceSettings;
import dev.triage.core.records.RecordLimits;
import dev.triage.defaultmodel.DefaultModel;
import dev.triage.trainer.progress.ProgressBar;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code triage classify --data PATH --out FILE}: the archive job's work on one machine, without AWS.
 * Progress on the trainer's {@link ProgressBar}, then one final line with the rate and the failures.
 * Every core is used: {@code workers} threads each run batches with {@code cores / workers} intra-op
 * threads (docs/benchmarks.md compares the splits). Without {@code --bundle}, a folder of e-mails is
 * classified by the built-in spam model and texts by the built-in emotion model.
 */
public final class BulkCommand {

    public static final String DEFAULT_WORKERS_HELP = "the cores the JVM sees, each with one intra-op thread";
    /**
     * Measured fastest (docs/benchmarks.md, "Bulk classification"): tweet-length texts gain from small
     * batches; e-mails, of very different lengths, lose (each is padded to the longest of its batch).
     */
    static final int TEXT_BATCH = 8;
    static final int EMAIL_BATCH = 1;

    private final Path data;
    private final Path out;
    private final Integer batchSize;
    private final int workers;
    private final int intraOpThreads;

    /** {@code batchSize}, {@code workers}, {@code threads}: null for the defaults. */
    public BulkCommand(Path data, Path out, Integer batchSize, Integer workers, Integer threads) {
        int cores = Runtime.getRuntime().availableProcessors();
        this.data = data;
        this.out = out;
        this.batchSize = batchSize;
        this.workers = workers != null ? workers : threads != null ? Math.max(1, cores / threads) : cores;
        this.intraOpThreads = threads != null ? threads : Math.max(1, cores / this.workers);
        if (this.workers < 1 || intraOpThreads < 1 || (batchSize != null && batchSize < 1)) {
            throw new IllegalArgumentException("--workers, --threads and --batch-size must be at least 1");
        }
    }

    /** Runs; {@code bundle} null means the built-in model for what the input holds. Returns the exit status: 0, or 3 where items failed. */
    public int run(ModelBundle bundle, PrintStream log) throws IOException, InterruptedException {
        try (BulkInput input = BulkInput.open(data, RecordLimits.DEFAULTS)) {
            boolean emails = input.unit().equals("e-mails");
            ModelBundle model = bundle != null ? bundle : emails ? DefaultModel.loadSpam() : DefaultModel.load();
            int batch = batchSize != null ? batchSize : emails ? EMAIL_BATCH : TEXT_BATCH;
            try (TextClassifier classifier = TextClassifier.open(model, InferenceSettings.cpu(intraOpThreads));
                 Writer writer = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
                ProgressBar progress = new ProgressBar("classify", input.expected(), input.unit(), log);
                BulkClassifier.Outcome outcome = new BulkClassifier(classifier, batch, workers).run(input, writer, progress);
                log.println(String.format(Locale.ROOT, "classified %d %s with %s in %.1f s: %.1f %s/s (%d workers x %d intra-op threads, "
                                + "batches of %d); %d failed%s; results in %s", outcome.items(), input.unit(), model.id(), outcome.seconds(),
                        outcome.perSecond(), input.unit(), workers, intraOpThreads, batch, outcome.failed(),
                        outcome.failed() > 0 ? " (their lines in the results say why)" : "", out));
                return outcome.failed() > 0 ? 3 : 0;
            }
        } catch (IOException | RuntimeException | InterruptedException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException(data + ": " + e.getMessage(), e);
        }
    }
}
