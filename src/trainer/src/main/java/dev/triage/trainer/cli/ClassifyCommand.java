package dev.triage.trainer.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.core.TextClassifier;
import dev.triage.core.bundle.ModelBundle;
import dev.triage.core.labels.LabelScore;
import dev.triage.core.labels.Prediction;
import dev.triage.defaultmodel.DefaultModel;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import dev.triage.trainer.bulk.BulkCommand;

@Command(name = "classify", mixinStandardHelpOptions = true,
        description = {"Classifies texts given as arguments, or one per line on standard input;",
                "or, with --data and --out, a folder of e-mails or a file of texts into JSON Lines results."})
public final class ClassifyCommand implements Callable<Integer> {

    @Option(names = "--bundle", description = "The bundle folder (default: the built-in emotion model).")
    Path bundle;

    @Option(names = {"-k", "--top-k"}, defaultValue = "3", description = "Labels to show per text (default: ${DEFAULT-VALUE}).")
    int topK;

    @Option(names = "--json", description = "Print JSON Lines, one object per text.")
    boolean json;

    @Parameters(arity = "0..*", paramLabel = "TEXT", description = "Texts to classify (none: read lines from standard input).")
    List<String> texts = new ArrayList<>();

    @Option(names = "--data", paramLabel = "PATH", description = "Classify in bulk: a folder of raw e-mails (every file under it), "
            + "an .eml file, or a .jsonl/.csv/.txt file of texts (a 'text' field or column, optional 'id'; .txt: one text a line).")
    Path data;

    @Option(names = "--out", paramLabel = "FILE", description = "With --data: the JSON Lines results, one line per e-mail or text.")
    Path out;

    @Option(names = "--batch-size", description = "With --data: items per session run (default: 8 for texts, 1 for e-mails, "
            + "the fastest measured, docs/benchmarks.md).")
    Integer batchSize;

    @Option(names = "--workers", description = "With --data: threads classifying batches side by side (default: "
            + BulkCommand.DEFAULT_WORKERS_HELP + ").")
    Integer workers;

    @Mixin
    RuntimeOptions runtime;

    @Override
    public Integer call() throws Exception {
        if (topK < 1) {
            throw new IllegalArgumentException("--top-k must be at least 1, is " + topK);
        }
        if (data != null || out != null) {
            if (data == null || out == null) {
                throw new IllegalArgumentException("--data and --out go together: --data names what to classify, --out the results file");
            }
            if (!texts.isEmpty()) {
                throw new IllegalArgumentException("give texts as arguments or --data, not both");
            }
            ModelBundle loaded = bundle != null ? ModelBundle.load(bundle) : null;
            return new BulkCommand(data, out, batchSize, workers, runtime.threads).run(loaded, System.err);
        }
        List<String> input = texts.isEmpty() ? readStandardInput() : texts;
        ModelBundle loaded = bundle != null ? ModelBundle.load(bundle) : DefaultModel.load();
        ObjectMapper mapper = new ObjectMapper();
        try (TextClassifier classifier = TextClassifier.open(loaded, runtime.inference())) {
            for (int start = 0; start < input.size(); start += 32) {
                List<String> batch = input.subList(start, Math.min(input.size(), start + 32));
                List<Prediction> predictions = classifier.classifyAll(batch, topK);
                for (int i = 0; i < batch.size(); i++) {
                    System.out.println(json ? toJson(mapper, batch.get(i), predictions.get(i), loaded.id())
                            : toText(batch.get(i), predictions.get(i)));
                }
            }
        }
        return 0;
    }

    private static String toText(String text, Prediction prediction) {
        StringBuilder line = new StringBuilder();
        for (LabelScore score : prediction.scores()) {
            line.append(String.format(Locale.ROOT, "%s %.4f  ", score.label(), score.score()));
        }
        return line.append("| ").append(text).toString();
    }

    private static String toJson(ObjectMapper mapper, String text, Prediction prediction, String model) {
        ObjectNode node = mapper.createObjectNode();
        node.put("text", text);
        node.put("label", prediction.label());
        node.put("score", prediction.score());
        ArrayNode scores = node.putArray("scores");
        prediction.scores().forEach(s -> scores.addObject().put("label", s.label()).put("score", s.score()));
        node.put("model", model);
        return node.toString();
    }

    private static List<String> readStandardInput() throws java.io.IOException {
        List<String> lines = new ArrayList<>();
        BufferedReader reader = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = reader.readLine()) != null) {
            if (!line.isBlank()) {
                lines.add(line);
            }
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("no text: give texts as arguments or one per line on standard input");
        }
        return lines;
    }
}
