package dev.triage.benchmarks;

import ai.onnx.proto.OnnxMl.ModelProto;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.triage.core.bundle.BundleFiles;
import dev.triage.core.bundle.ProblemType;
import dev.triage.export.BuiltInEncoders;
import dev.triage.export.BundleSpec;
import dev.triage.export.BundleWriter;
import dev.triage.export.ClassifierGraphBuilder;
import dev.triage.export.EncoderGraph;
import dev.triage.export.LinearHead;
import dev.triage.export.Pooling;
import dev.triage.export.quantize.BundleQuantizer;
import dev.triage.export.quantize.QuantizationOptions;
import dev.triage.export.transformer.Architecture;
import dev.triage.export.transformer.OnnxEncoderWeights;
import dev.triage.export.transformer.TransformerConfig;
import dev.triage.export.transformer.TransformerGraphWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * An fp32 bundle and its int8 twin to time against each other. By default the pretrained
 * all-MiniLM-L6-v2 that Maven fetches, written as the trainer writes a fine-tuned model (the same
 * graph as the built-in int8 model's fp32 source, so the same operators run), with a six-label head;
 * or a given fp32 bundle (and optionally its int8 twin). Speed does not depend on the weights' values.
 */
final class BenchmarkBundles {

    static final List<String> LABELS = List.of("sadness", "joy", "love", "anger", "fear", "surprise");

    /** The bundles' folders: fp32, its int8 twin, and the twin with uint8 weights (made when first asked for). */
    record Pair(Path fp32, Path int8, Path uint8) {
    }

    private BenchmarkBundles() {
    }

    /**
     * @param fp32 an fp32 bundle folder, or empty for the pretrained MiniLM
     * @param int8 its int8 twin, or empty to quantize it here
     */
    static synchronized Pair pair(String fp32, String int8) throws IOException {
        Path cache = Path.of(System.getProperty("java.io.tmpdir"), "triage-benchmark-bundles");
        Path fp32Dir = fp32.isEmpty() ? cache.resolve("minilm-fp32") : Path.of(fp32);
        if (fp32.isEmpty() && !Files.exists(fp32Dir.resolve(BundleFiles.MANIFEST))) {
            writePretrained(cache, fp32Dir);
        }
        Path int8Dir = int8.isEmpty() ? cache.resolve(fp32Dir.getFileName() + "-" + Integer.toHexString(
                fp32Dir.toAbsolutePath().hashCode()) + "-int8") : Path.of(int8);
        if (int8.isEmpty() && !Files.exists(int8Dir.resolve(BundleFiles.MANIFEST))) {
            BundleQuantizer.quantize(fp32Dir, int8Dir, QuantizationOptions.defaults());
        }
        Path uint8Dir = cache.resolve(fp32Dir.getFileName() + "-" + Integer.toHexString(fp32Dir.toAbsolutePath().hashCode())
                + "-uint8-weights");
        return new Pair(fp32Dir, int8Dir, uint8Dir);
    }

    /** The twin with uint8 weights (zero point 128), the other weight type ONNX Runtime's x86 kernels take. */
    static synchronized Path uint8Weights(Pair pair) throws IOException {
        if (!Files.exists(pair.uint8().resolve(BundleFiles.MANIFEST))) {
            BundleQuantizer.quantize(pair.fp32(), pair.uint8(),
                    QuantizationOptions.defaults().withWeightType(QuantizationOptions.WeightType.UINT8));
        }
        return pair.uint8();
    }

    private static void writePretrained(Path cache, Path out) throws IOException {
        BuiltInEncoders.EncoderFiles files = BuiltInEncoders.extract(BuiltInEncoders.ALL_MINILM_L6_V2, cache.resolve("encoders"));
        TransformerConfig miniLm = new TransformerConfig(Architecture.BERT, 30522, 384, 6, 12, 1536, 512, 2, 1e-12f, 0.1f, 0.1f);
        EncoderGraph encoder = EncoderGraph.of(TransformerGraphWriter.write(miniLm, OnnxEncoderWeights.read(files.onnx())),
                files.name());
        Random random = new Random(42);
        float[][] weight = new float[LABELS.size()][miniLm.hiddenSize()];
        for (float[] row : weight) {
            for (int i = 0; i < row.length; i++) {
                row[i] = (float) random.nextGaussian() * 0.05f;
            }
        }
        ModelProto graph = ClassifierGraphBuilder.classifier(encoder, Pooling.MEAN, new LinearHead(weight, new float[LABELS.size()]));
        BundleWriter.write(out, graph, files.tokenizer(), new BundleSpec("minilm-benchmark", "1", "bert", LABELS,
                ProblemType.SINGLE_LABEL, 128, JsonNodeFactory.instance.objectNode()));
    }
}
