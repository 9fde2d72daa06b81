package dev.triage.benchmarks;

import dev.triage.core.TextClassifier;
import dev.triage.core.labels.Prediction;
import dev.triage.core.logits.InferenceSettings;
import dev.triage.defaultmodel.DefaultModel;
import java.util.ArrayList;
import java.util.List;
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
 * Classify latency with the default bundle: one short text, and a batch of 32 tweet-length texts
 * (one padded tensor, one session run), for each ONNX Runtime intra-op thread count. Everything
 * from tokenization to ranked labels is inside the measurement.
 *
 * <p>Run: {@code java -jar src/benchmarks/target/triage-benchmarks.jar ClassifyBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class ClassifyBenchmark {

    /** Made-up texts of tweet length (7 to 40 words), like the emotion data. */
    static final List<String> TEXTS = List.of(
            "i feel wonderful today",
            "i have been feeling a little lost since the move but the new neighbours are kind",
            "i am so angry that the bus left without me again this morning",
            "i feel like nobody at work notices how hard i try",
            "what a surprise to find an old letter from my grandmother in the attic",
            "i feel nervous about the exam tomorrow even though i studied all week",
            "i love the way the city looks after the rain when the streets are empty and quiet",
            "i was shocked when they announced the results",
            "i feel calm and content after a long walk by the sea",
            "i feel so frustrated with this laptop it crashes every hour",
            "i am terrified of heights and the glass bridge was a nightmare",
            "i feel grateful for friends who call just to ask how i am doing",
            "i cant believe how rude the waiter was to my mother",
            "i feel hopeful that things will get better soon",
            "i miss my dog so much it still hurts to come home to an empty house",
            "i feel amazed by how fast the kids learn new words",
            "i am worried that i forgot to lock the door",
            "i feel loved when my partner cooks dinner after a long day",
            "i feel ashamed of what i said during the argument",
            "the concert was fantastic and i am still buzzing",
            "i feel restless and cannot sleep",
            "i am irritated by the noise from the construction site next door every single day",
            "i feel blessed to have such a supportive family",
            "i feel lonely on sunday evenings",
            "i was startled by the sudden knock at the door",
            "i feel proud of finishing my first marathon even if i was slow",
            "i am scared the surgery will not go well",
            "i feel bitter about being passed over for the promotion",
            "i feel cheerful when the sun is out",
            "i am heartbroken that the trip was cancelled",
            "i feel curious about what the new job will be like",
            "i am fed up with waiting on hold for an hour");

    @Param({"1", "2"})
    int threads;

    TextClassifier classifier;
    List<String> batch;

    @Setup(Level.Trial)
    public void open() {
        classifier = TextClassifier.open(DefaultModel.load(), InferenceSettings.cpu(threads));
        batch = new ArrayList<>(TEXTS);
    }

    @TearDown(Level.Trial)
    public void close() {
        classifier.close();
    }

    @Benchmark
    public Prediction oneShortText() {
        return classifier.classify("i feel wonderful today", 1);
    }

    @Benchmark
    public List<Prediction> batchOf32() {
        return classifier.classifyAll(batch, 1);
    }
}
