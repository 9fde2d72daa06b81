package dev.triage.export;

import ai.onnx.proto.OnnxMl.ModelProto;
import dev.triage.core.bundle.ModelBundle;
import dev.triage.core.bundle.Sha256;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Builds a bundle from an encoder export and a committed {@code head.json}. The build runs it to make
 * the default model from the encoder Maven fetches, so no large file is ever committed.
 *
 * <p>Usage: {@code AssembleBundle <encoder.onnx> <tokenizer.json> <head.json> <out-dir>}
 */
public final class AssembleBundle {

    private AssembleBundle() {
    }

    public static ModelBundle assemble(Path encoderOnnx, Path tokenizerJson, Path headJson, Path out) throws IOException {
        TrainedHead trained = TrainedHead.read(headJson);
        String encoderSha = Sha256.of(encoderOnnx);
        if (!encoderSha.equals(trained.baseModelSha256())) {
            throw new IOException(headJson + " was trained on encoder " + trained.baseModel() + " with sha256 "
                    + trained.baseModelSha256() + ", but " + encoderOnnx + " has sha256 " + encoderSha
                    + ": a head only fits the encoder it was trained on");
        }
        EncoderGraph encoder = EncoderGraph.read(encoderOnnx);
        ModelProto graph = ClassifierGraphBuilder.classifier(encoder, trained.pooling(), trained.head());
        return BundleWriter.write(out, graph, tokenizerJson, trained.spec());
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: AssembleBundle <encoder.onnx> <tokenizer.json> <head.json> <out-dir>");
            System.exit(2);
        }
        ModelBundle bundle = assemble(Path.of(args[0]), Path.of(args[1]), Path.of(args[2]), Path.of(args[3]));
        System.out.println("assembled " + bundle.id() + " in " + bundle.directory());
    }
}
