package dev.triage.benchmarks;

import dev.triage.core.TextClassifier;
import dev.triage.core.bundle.ModelBundle;
import dev.triage.core.labels.Prediction;
import dev.triage.core.logits.InferenceSettings;
import java.io.IOException;
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
 * fp32 against its dynamic int8 twin, in one run: one short text, one tweet-length text and a batch of
 * 32 tweet-length texts, at 1 and 2 ONNX Runtime threads; tokenization to ranked labels inside the
 * measurement, as {@link ClassifyBenchmark}. The pair is the pretrained MiniLM written as the trainer
 * writes fine-tuned models, or given bundles ({@code -p fp32Bundle=DIR [-p int8Bundle=DIR]}). With
 * {@code -p precision=fp32,int8,uint8-weights}, also the twin whose weights are uint8 (zero point 128)
 * instead of int8, quantized from the same fp32 bundle: the measurement behind the default weight type.
 *
 * <p>Run: {@code java -jar src/benchmarks/target/triage-benchmarks.jar QuantizedClassifyBenchmark}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class QuantizedClassifyBenchmark {

    /** 18 tokens with [CLS] and [SEP], a typical tweet of the emotion data. */
    static final String TWEET = "i have been feeling a little lost since the move but the new neighbours are kind";

    /** fp32, int8 (the default quantization: int8 weights, uint8 activations), or uint8-weights. */
    @Param({"fp32", "int8"})
    String precision;

    @Param({"1", "2"})
    int threads;

    /** An fp32 bundle folder; empty: the pretrained MiniLM, written as fine-tuned models are. */
    @Param({""})
    String fp32Bundle;

    /** Its int8 twin; empty: quantized from the fp32 bundle before the run. */
    @Param({""})
    String int8Bundle;

    TextClassifier classifier;
    List<String> batch;

    @Setup(Level.Trial)
    public void open() throws IOException {
        BenchmarkBundles.Pair pair = BenchmarkBundles.pair(fp32Bundle, int8Bundle);
        ModelBundle bundle = ModelBundle.load(switch (precision) {
            case "fp32" -> pair.fp32();
            case "int8" -> pair.int8();
            case "uint8-weights" -> BenchmarkBundles.uint8Weights(pair);
            default -> throw new IllegalArgumentException("precision must be fp32, int8 or uint8-weights, is '" + precision + "'");
        });
        classifier = TextClassifier.open(bundle, InferenceSettings.cpu(threads));
        batch = new ArrayList<>(ClassifyBenchmark.TEXTS);
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
    public Prediction oneTweet() {
        return classifier.classify(TWEET, 1);
    }

    @Benchmark
    public List<Prediction> batchOf32() {
        return classifier.classifyAll(batch, 1);
    }
}
