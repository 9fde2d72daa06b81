package dev.triage.trainer.quantize;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.core.bundle.ModelBundle;
import dev.triage.core.logits.InferenceSettings;
import dev.triage.export.quantize.BundleQuantizer;
import dev.triage.export.quantize.QuantizationOptions;
import dev.triage.trainer.data.Dataset;
import dev.triage.trainer.recipe.Recipe;
import dev.triage.s3.S3Location;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * What a recipe's {@code "quantize": "dynamic-int8"} adds to {@code train}: the int8 twin of the
 * trained bundle, written beside it ({@code <out>-int8}) and evaluated beside it on the validation data.
 */
public final class Int8Twin {

    public static final String SUFFIX = "-int8";

    private static final ObjectMapper JSON = new ObjectMapper();

    private Int8Twin() {
    }

    /** Where the int8 twin of a bundle goes: beside it, its name followed by {@value #SUFFIX}. */
    public static String locationBeside(String fp32Location) {
        if (S3Location.isS3(fp32Location)) {
            String prefix = fp32Location.endsWith("/") ? fp32Location.substring(0, fp32Location.length() - 1) : fp32Location;
            return prefix + SUFFIX + "/";
        }
        Path fp32 = Path.of(fp32Location);
        return fp32.resolveSibling(fp32.getFileName() + SUFFIX).toString();
    }

    /** Quantizes the trained bundle and evaluates both on the recipe's validation data. */
    public static Int8Comparison write(Recipe recipe, Path fp32, Path int8, Dataset validation, InferenceSettings settings,
                                       PrintStream log) throws IOException {
        log.println();
        log.println("quantize (" + recipe.quantize() + "): " + fp32 + " -> " + int8);
        ModelBundle source = ModelBundle.load(fp32);
        String dataName = recipe.data().validation().getFileName().toString();
        Int8Comparison[] comparison = new Int8Comparison[1];
        // Evaluated while staged, so the int8 bundle's triage.json is written once, with its figures.
        BundleQuantizer.Quantized quantized = BundleQuantizer.quantize(fp32, int8, recipe.quantize().options(), staged -> {
            comparison[0] = Int8Comparison.evaluate(source, staged, validation, "validation", dataName, settings,
                    recipe.topLosses(), log);
            ObjectNode measured = JSON.createObjectNode();
            measured.putObject("metrics").set("validation", comparison[0].metricsJson(source, dataName));
            return measured;
        });
        log.printf(Locale.ROOT, "%d MatMul/Gemm in int8, tables in int8: %s, kept in fp32: %s%n",
                quantized.report().quantizedMatMuls().size(), quantized.report().quantizedTables(), quantized.report().keptFp32());
        return comparison[0];
    }
}
