package dev.triage.trainer.features;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.triage.core.logits.InferenceSettings;
import dev.triage.core.logits.OnnxSessions;
import dev.triage.core.logits.TokenInputs;
import dev.triage.core.tokens.TextTokenizer;
import dev.triage.core.tokens.TokenBatch;
import dev.triage.export.BuiltInEncoders.EncoderFiles;
import dev.triage.export.ClassifierGraphBuilder;
import dev.triage.export.EncoderGraph;
import dev.triage.export.OnnxProtos;
import dev.triage.export.Pooling;
import dev.triage.trainer.progress.ProgressBar;
import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Text to pooled features with the frozen encoder: the encoder graph with the very pooling nodes the
 * exported bundle will carry, run by ONNX Runtime. Texts go in batches of similar length, so little
 * time is spent on padding; results come back in the order of the texts.
 */
public final class FeatureExtractor implements AutoCloseable {

    private static final int BATCH_SIZE = 64;

    private final OrtSession session;
    private final TextTokenizer tokenizer;
    private final int dimension;

    private FeatureExtractor(OrtSession session, TextTokenizer tokenizer, int dimension) {
        this.session = session;
        this.tokenizer = tokenizer;
        this.dimension = dimension;
    }

    public static FeatureExtractor open(EncoderFiles encoder, String encoderSha256, Pooling pooling, int maxLength,
                                        Path workDir, InferenceSettings settings) throws IOException {
        EncoderGraph graph = EncoderGraph.read(encoder.onnx());
        Path featuresGraph = workDir.resolve("graphs").resolve("features-" + pooling.id() + "-" + encoderSha256.substring(0, 16) + ".onnx");
        if (!Files.isRegularFile(featuresGraph)) {
            Files.createDirectories(featuresGraph.getParent());
            Path partial = featuresGraph.resolveSibling(featuresGraph.getFileName() + ".part");
            OnnxProtos.write(ClassifierGraphBuilder.features(graph, pooling), partial);
            Files.move(partial, featuresGraph, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
        TextTokenizer tokenizer = TextTokenizer.open(encoder.tokenizer(), maxLength);
        try {
            return new FeatureExtractor(OnnxSessions.open(featuresGraph, settings), tokenizer, graph.hiddenSize());
        } catch (OrtException e) {
            tokenizer.close();
            throw new IOException("ONNX Runtime cannot load the features graph " + featuresGraph + ": " + e.getMessage(), e);
        }
    }

    public int dimension() {
        return dimension;
    }

    /** Pooled features, one row per text, in the texts' order. */
    public float[][] extract(List<String> texts, ProgressBar progress) {
        // Tokenized once: the lengths order the batches, the kept tokens fill them.
        TokenBatch[] single = new TokenBatch[texts.size()];
        for (int i = 0; i < texts.size(); i++) {
            single[i] = tokenizer.encode(List.of(texts.get(i)));
        }
        List<Integer> order = IntStream.range(0, texts.size()).boxed()
                .sorted(Comparator.comparingInt(i -> single[i].sequenceLength())).toList();
        float[][] features = new float[texts.size()][];
        for (int start = 0; start < order.size(); start += BATCH_SIZE) {
            List<Integer> indices = order.subList(start, Math.min(order.size(), start + BATCH_SIZE));
            long[][] ids = new long[indices.size()][];
            long[][] types = new long[indices.size()][];
            boolean[] truncated = new boolean[indices.size()];
            for (int k = 0; k < indices.size(); k++) {
                TokenBatch one = single[indices.get(k)];
                ids[k] = one.inputIds();
                types[k] = one.tokenTypeIds();
                truncated[k] = one.truncated()[0];
            }
            float[][] rows = run(TokenBatch.pad(ids, types, truncated));
            for (int k = 0; k < indices.size(); k++) {
                features[indices.get(k)] = rows[k];
            }
            if (progress != null) {
                progress.advance(indices.size(), "");
            }
        }
        return features;
    }

    private float[][] run(TokenBatch batch) {
        try (TokenInputs inputs = TokenInputs.create(OnnxSessions.environment(), session.getInputNames(), batch);
             OrtSession.Result result = session.run(inputs.tensors(), Set.of(ClassifierGraphBuilder.FEATURES))) {
            FloatBuffer flat = ((OnnxTensor) result.get(ClassifierGraphBuilder.FEATURES).orElseThrow()).getFloatBuffer();
            float[][] rows = new float[batch.size()][dimension];
            for (float[] row : rows) {
                flat.get(row);
            }
            return rows;
        } catch (OrtException e) {
            throw new IllegalStateException("the encoder failed on a batch: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() throws OrtException {
        session.close();
        tokenizer.close();
    }
}
