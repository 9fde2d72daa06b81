package dev.triage.trainer.quantize;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.core.bundle.ModelBundle;
import dev.triage.core.logits.InferenceSettings;
import dev.triage.export.AssembleBundle;
import dev.triage.export.BuiltInEncoders;
import dev.triage.export.quantize.BundleQuantizer;
import dev.triage.export.quantize.QuantizationOptions;
import dev.triage.trainer.SharedData;
import dev.triage.trainer.data.Dataset;
import dev.triage.trainer.data.DatasetReader;
import java.io.PrintStream;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Parity on real validation texts, fp32 against int8, for a model whose fp32 source the build can
 * make: the frozen-features emotion model (its committed head on the encoder Maven fetches), quantized
 * here and both evaluated through ONNX Runtime, as {@code triage quantize --data} does. A head on
 * frozen features has small margins (0.70 accuracy), so int8 rounding changes more of its answers
 * than a fine-tuned model's: measured 94.3 % agreement here, where ONNX Runtime's own quantizer's int8
 * MiniLM gives 93.6 %; fine-tuned models reach the 99 % bar (their triage.json records it).
 */
class FeaturesModelParityTest {

    @Test
    void int8AgreesWithFp32AndLosesNoAccuracy(@TempDir Path dir) throws Exception {
        Path validation = SharedData.emotion("validation.txt");
        BuiltInEncoders.EncoderFiles encoder = BuiltInEncoders.extract(BuiltInEncoders.ALL_MINILM_L6_V2,
                Path.of("target", "encoders"));
        ModelBundle fp32 = AssembleBundle.assemble(encoder.onnx(), encoder.tokenizer(),
                Path.of("../../models/emotion-minilm-features/head.json"), dir.resolve("fp32"));
        Dataset data = Dataset.of(new DatasetReader().read(validation), fp32.labels());
        Int8Comparison[] comparison = new Int8Comparison[1];

        ModelBundle int8 = BundleQuantizer.quantize(fp32.directory(), dir.resolve("int8"), QuantizationOptions.defaults(),
                staged -> {
                    comparison[0] = Int8Comparison.evaluate(fp32, staged, data, "validation", "validation.txt",
                            InferenceSettings.cpu(2), 5, new PrintStream(PrintStream.nullOutputStream()));
                    ObjectNode measured = new ObjectMapper().createObjectNode();
                    measured.putObject("metrics").set("validation", comparison[0].metricsJson(fp32, "validation.txt"));
                    return measured;
                }).bundle();

        assertThat(comparison[0].fp32().total()).isEqualTo(2000);
        assertThat(comparison[0].agreement()).isGreaterThanOrEqualTo(0.93);
        assertThat(comparison[0].macroF1DropPoints()).isLessThanOrEqualTo(0.5);
        assertThat(comparison[0].int8Bytes()).isLessThan((long) (0.30 * comparison[0].fp32Bytes()));
        // measured while staged, published with the figures, and the report travelled with the bundle
        assertThat(ModelBundle.load(int8.directory()).manifest().orElseThrow().details().at("/metrics/validation/agreementWithFp32")
                .asDouble()).isEqualTo(comparison[0].agreement());
        assertThat(int8.directory().resolve("report")).isDirectory();
    }
}
