package dev.triage.trainer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.core.bundle.ModelBundle;
import dev.triage.export.quantize.BundleQuantizer;
import dev.triage.export.quantize.QuantizationOptions;
import dev.triage.export.quantize.QuantizationOptions.Granularity;
import dev.triage.export.quantize.QuantizationOptions.Operators;
import dev.triage.export.quantize.QuantizationOptions.WeightType;
import dev.triage.trainer.data.DataFormat;
import dev.triage.trainer.data.Dataset;
import dev.triage.trainer.data.DatasetReader;
import dev.triage.trainer.data.EmlFolderSet;
import dev.triage.trainer.data.LabelledText;
import dev.triage.trainer.quantize.Int8Comparison;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "quantize", mixinStandardHelpOptions = true,
        description = {"Writes the dynamic int8 twin of a bundle (any bundle, a Hugging Face Optimum export included): "
                + "MatMul and Gemm weights in int8 with a scale per output channel, activations quantized to uint8 as each "
                + "run goes, the word-embedding table in int8 with a scale per row; LayerNorm, Softmax, the classification head "
                + "and the first down-projection stay fp32; each residual Add + LayerNorm becomes ONNX Runtime's "
                + "SkipLayerNormalization. triage.json records the quantization and the fp32 model's sha256.",
                "With --data, evaluates the fp32 and the int8 bundle side by side on it and records the int8 figures; "
                + "--data and --split may be given several times, in pairs (a validation and a test split, say)."})
public final class QuantizeCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--bundle", required = true, description = "The fp32 bundle folder.")
    Path bundle;

    @Option(names = "--out", required = true, description = "The int8 bundle folder to write (not the source).")
    Path out;

    @Option(names = "--data", description = "Labelled data to evaluate both bundles on: .txt (text;label), .csv, .tsv, "
            + ".jsonl, or an eml-folders split file (with --format eml-folders). Repeatable, each with its --split.")
    List<Path> data = new ArrayList<>();

    @Option(names = "--format", description = "The data format when the file name does not tell: semicolon, csv, tsv, jsonl, "
            + "eml-folders.")
    String format;

    @Option(names = "--split", description = "What the --data in the same position is to the model, recorded with the "
            + "figures: validation or test (default, for a single --data: validation).")
    List<String> split = new ArrayList<>();

    @Option(names = "--text-column", defaultValue = "text", description = "Text column or field (default: ${DEFAULT-VALUE}).")
    String textColumn;

    @Option(names = "--label-column", defaultValue = "label", description = "Label column or field (default: ${DEFAULT-VALUE}).")
    String labelColumn;

    @Option(names = "--weights", defaultValue = "per-channel", description = "Weight scales: per-channel or per-tensor "
            + "(default: ${DEFAULT-VALUE}).")
    String weights;

    @Option(names = "--weight-type", defaultValue = "int8", description = "int8, or uint8 (zero point 128): with the uint8 "
            + "activations, int8 weights are the pair x86's VNNI instructions multiply (default: ${DEFAULT-VALUE}).")
    String weightType;

    @Option(names = "--embeddings", defaultValue = "int8", description = "The word-embedding table: int8 or fp32 "
            + "(default: ${DEFAULT-VALUE}).")
    String embeddings;

    @Option(names = "--head", defaultValue = "fp32", description = "The classification head: fp32 or int8 (default: ${DEFAULT-VALUE}).")
    String head;

    @Option(names = "--first-down-projection", defaultValue = "fp32", description = "The first feed-forward output "
            + "projection: fp32 or int8 (default: ${DEFAULT-VALUE}).")
    String firstDownProjection;

    @Option(names = "--operators", defaultValue = "com.microsoft", description = "com.microsoft: ONNX Runtime's own kernels, "
            + "the fastest there (DynamicQuantizeMatMul, SkipLayerNormalization); onnx: standard operators only "
            + "(DynamicQuantizeLinear, MatMulInteger), for other runtimes (default: ${DEFAULT-VALUE}).")
    String operators;

    @Option(names = "--exclude", description = "A regular expression: MatMul/Gemm nodes whose name or weight name matches "
            + "stay fp32.")
    String exclude;

    @Option(names = "--top-losses", defaultValue = "20", description = "With --data: highest-loss examples the int8 report "
            + "lists (default: ${DEFAULT-VALUE}).")
    int topLosses;

    @Mixin
    RuntimeOptions runtime;

    @Override
    public Integer call() throws Exception {
        QuantizationOptions options = options();
        ModelBundle source = ModelBundle.load(bundle);
        List<String> splits = splits();
        List<Dataset> datasets = new ArrayList<>();
        for (Path file : data) {
            datasets.add(Dataset.of(read(file), source.labels())); // bad data fails before anything is written
        }
        // Both bundles are evaluated while the int8 one is staged, so its triage.json is written once, with its figures.
        BundleQuantizer.Quantized quantized = BundleQuantizer.quantize(bundle, out, options, staged -> {
            ObjectNode metrics = JSON.createObjectNode();
            for (int i = 0; i < datasets.size(); i++) {
                String dataName = data.get(i).getFileName().toString();
                Int8Comparison comparison = Int8Comparison.evaluate(source, staged, datasets.get(i), splits.get(i), dataName,
                        runtime.inference(), topLosses, System.out);
                metrics.set(splits.get(i), comparison.metricsJson(source, dataName));
            }
            ObjectNode measured = JSON.createObjectNode();
            if (!metrics.isEmpty()) {
                measured.set("metrics", metrics);
            }
            return measured;
        });
        System.out.printf(Locale.ROOT, "%n%s -> %s in %s: %.1f MB -> %.1f MB (%.1f %%); %d MatMul/Gemm in int8, tables in int8: %s; "
                        + "kept in fp32: %s%n", source.id(), quantized.bundle().id(), quantized.bundle().directory(),
                quantized.sourceBytes() / 1e6, quantized.bytes() / 1e6, 100.0 * quantized.bytes() / quantized.sourceBytes(),
                quantized.report().quantizedMatMuls().size(), quantized.report().quantizedTables(), quantized.report().keptFp32());
        return 0;
    }

    private List<LabelledText> read(Path file) {
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("--data " + file + " does not exist");
        }
        if (EmlFolderSet.FORMAT.equals(format)) {
            return EmlFolderSet.read(file);
        }
        DatasetReader reader = new DatasetReader(textColumn, labelColumn);
        return format == null ? reader.read(file) : reader.read(file, DataFormat.parse(format));
    }

    /** One split name for each --data: given in pairs, or validation for a single --data. */
    private List<String> splits() {
        List<String> names = split.isEmpty() && data.size() == 1 ? List.of("validation") : split;
        if (names.size() != data.size()) {
            throw new IllegalArgumentException("give one --split for each --data, in the same order: " + data.size()
                    + " --data, " + split.size() + " --split");
        }
        for (String name : names) {
            if (!name.matches("[a-z][a-z0-9-]{0,31}")) {
                throw new IllegalArgumentException("--split must be a short lower-case name such as validation or test, is '"
                        + name + "'");
            }
        }
        if (names.stream().distinct().count() != names.size()) {
            throw new IllegalArgumentException("each --split may be given once: " + names);
        }
        return names;
    }

    private QuantizationOptions options() {
        Granularity granularity = switch (weights) {
            case "per-channel" -> Granularity.PER_CHANNEL;
            case "per-tensor" -> Granularity.PER_TENSOR;
            default -> throw new IllegalArgumentException("--weights must be per-channel or per-tensor, is '" + weights + "'");
        };
        Operators set = switch (operators) {
            case "onnx" -> Operators.STANDARD;
            case "com.microsoft" -> Operators.ONNX_RUNTIME;
            default -> throw new IllegalArgumentException("--operators must be onnx or com.microsoft, is '" + operators + "'");
        };
        Pattern excluded = null;
        if (exclude != null) {
            try {
                excluded = Pattern.compile(exclude);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("--exclude is not a regular expression: " + e.getMessage(), e);
            }
        }
        WeightType type = switch (weightType) {
            case "int8" -> WeightType.INT8;
            case "uint8" -> WeightType.UINT8;
            default -> throw new IllegalArgumentException("--weight-type must be int8 or uint8, is '" + weightType + "'");
        };
        return new QuantizationOptions(granularity, type, int8("--embeddings", embeddings), int8("--head", head),
                int8("--first-down-projection", firstDownProjection), set, excluded);
    }

    private static boolean int8(String option, String value) {
        return switch (value) {
            case "int8" -> true;
            case "fp32" -> false;
            default -> throw new IllegalArgumentException(option + " must be int8 or fp32, is '" + value + "'");
        };
    }
}
