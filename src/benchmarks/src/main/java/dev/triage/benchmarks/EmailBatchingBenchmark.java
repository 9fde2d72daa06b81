package dev.triage.benchmarks;

import dev.triage.core.TextClassifier;
import dev.triage.core.labels.Prediction;
import dev.triage.core.logits.InferenceSettings;
import dev.triage.defaultmodel.DefaultModel;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Should {@code classifyEmail} classify an SQS batch's e-mails in one session run? Ten e-mail-length
 * inputs (subject + body, 300 to 2,000 characters: what classifyEmail gives the tokenizer, body cut
 * at 2,000 characters) classified one by one against the same ten as one padded batch, with the built-in spam
 * model. Inputs are made up here from a fixed seed, so runs compare.
 *
 * <p>Run: {@code java -jar src/benchmarks/target/triage-benchmarks.jar EmailBatchingBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class EmailBatchingBenchmark {

    private static final String[] WORDS = ("the meeting report attached please find below our offer free click here "
            + "account update your password invoice payment thanks regards team project schedule friday limited time "
            + "money business opportunity list unsubscribe newsletter server patch release bug fix").split(" ");
    /** Input lengths in characters, from a short note to the 2,000-character cap most corpus messages reach. */
    private static final int[] LENGTHS = {2000, 1800, 1600, 1500, 1400, 1300, 900, 700, 500, 300};

    @Param({"1", "2"})
    int threads;

    TextClassifier classifier;
    List<String> emails;

    @Setup(Level.Trial)
    public void open() {
        classifier = TextClassifier.open(DefaultModel.loadSpam(), InferenceSettings.cpu(threads));
        emails = emails(new Random(42));
    }

    static List<String> emails(Random random) {
        List<String> emails = new ArrayList<>();
        for (int length : LENGTHS) {
            StringBuilder text = new StringBuilder("Subject: ");
            for (int i = 0; i < 6; i++) {
                text.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
            }
            text.append('\n');
            while (text.length() < length) {
                text.append(WORDS[random.nextInt(WORDS.length)]).append(random.nextInt(12) == 0 ? ".\n" : " ");
            }
            emails.add(text.toString());
        }
        return emails;
    }

    @TearDown(Level.Trial)
    public void close() {
        classifier.close();
    }

    @Benchmark
    public List<Prediction> tenOneByOne() {
        List<Prediction> predictions = new ArrayList<>(emails.size());
        for (String email : emails) {
            predictions.add(classifier.classify(email, 1));
        }
        return predictions;
    }

    @Benchmark
    public List<Prediction> tenAsOneBatch() {
        return classifier.classifyAll(emails, 1);
    }
}
