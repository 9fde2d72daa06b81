package dev.triage.trainer.distill;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.core.bundle.Sha256;
import dev.triage.trainer.data.DataFormatException;
import dev.triage.trainer.data.Dataset;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * A teacher's logits for a set of texts, the soft targets a student is distilled on. The file is
 * JSON lines: a header naming the teacher (its id and the sha256 of its model.onnx) and the labels
 * in logit order, then one line per distinct text, keyed by the sha256 of the text exactly as the
 * trainer reads it (for e-mails, the subject and body text {@code src/email} makes of the message).
 * Keys rather than texts keep the file small and free of the data's content, and make it
 * independent of the data file's order.
 *
 * @param teacher            the teacher bundle's id ({@code name@version})
 * @param teacherModelSha256 sha256 of the teacher's model.onnx
 * @param labels             the labels, in the order of each logits row
 * @param byText             logits by the sha256 of the text
 * @param fileSha256         sha256 of the file these were read from, hashed as it was parsed, so that a
 *                           student's triage.json names exactly the bytes it learnt from
 */
public record SoftTargets(String teacher, String teacherModelSha256, List<String> labels, Map<String, float[]> byText,
                          String fileSha256) {

    /** The header's format marker; a file without it is not a soft-targets file. */
    static final String FORMAT = "triage-soft-targets-1";

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The key of a text: the sha256 of its UTF-8 bytes. */
    public static String key(String text) {
        return Sha256.of(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Writes the header and one line per distinct text, in the order of {@code texts}. */
    public static void write(Path file, String teacher, String teacherModelSha256, List<String> labels, List<String> texts,
                             float[][] logits) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path partial = parent.resolve(file.getFileName() + ".partial"); // renamed into place once whole
        try (BufferedWriter out = Files.newBufferedWriter(partial, StandardCharsets.UTF_8)) {
            ObjectNode header = JSON.createObjectNode().put("format", FORMAT).put("teacher", teacher)
                    .put("teacherModelSha256", teacherModelSha256);
            labels.forEach(header.putArray("labels")::add);
            out.write(JSON.writeValueAsString(header));
            out.newLine();
            Map<String, Boolean> written = new HashMap<>();
            for (int i = 0; i < texts.size(); i++) {
                String key = key(texts.get(i));
                if (written.put(key, Boolean.TRUE) != null) {
                    continue; // the same text twice: the teacher gave it the same logits
                }
                ObjectNode line = JSON.createObjectNode().put("text", key);
                ArrayNode values = line.putArray("logits");
                for (float value : logits[i]) {
                    values.add(value);
                }
                out.write(JSON.writeValueAsString(line));
                out.newLine();
            }
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Reads a file written by {@link #write}; every problem names the file and line. */
    public static SoftTargets read(Path file) {
        MessageDigest digest = Sha256.newDigest();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new DigestInputStream(Files.newInputStream(file), digest),
                StandardCharsets.UTF_8))) {
            JsonNode header = parse(file, 1, in.readLine());
            if (!FORMAT.equals(header.path("format").asText())) {
                throw new DataFormatException(file + ": line 1 is not a soft-targets header (\"format\": \"" + FORMAT
                        + "\"); write the file with triage soft-targets");
            }
            List<String> labels = new ArrayList<>();
            header.path("labels").forEach(label -> labels.add(label.asText()));
            if (labels.size() < 2) {
                throw new DataFormatException(file + ": line 1: field 'labels' must list at least two labels");
            }
            Map<String, float[]> byText = new HashMap<>();
            int lineNumber = 1;
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = parse(file, lineNumber, line);
                String key = node.path("text").asText("");
                if (!key.matches("[0-9a-f]{64}")) {
                    throw new DataFormatException(file + ": line " + lineNumber + ": field 'text' must be a sha256 in hex");
                }
                float[] logits = logits(file, lineNumber, node.path("logits"), labels.size());
                float[] earlier = byText.put(key, logits);
                if (earlier != null && !Arrays.equals(earlier, logits)) {
                    throw new DataFormatException(file + ": line " + lineNumber + ": text " + key
                            + " appears twice with different logits: the file mixes two teachers");
                }
            }
            // The loop above read to the end of the file, so the digest covers all of it.
            return new SoftTargets(header.path("teacher").asText(), header.path("teacherModelSha256").asText(),
                    List.copyOf(labels), Map.copyOf(byText), HexFormat.of().formatHex(digest.digest()));
        } catch (IOException e) {
            throw new DataFormatException(file + ": cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * The teacher's logits for each example of {@code train}, in its order. Refuses a file made for
     * other labels, and one that lacks any training text: a student silently trained on gold labels
     * alone for some texts would not be the model the recipe describes.
     */
    public float[][] align(Dataset train, Path file) {
        if (!labels.equals(train.labels())) {
            throw new DataFormatException(file + ": the teacher's labels " + labels + " are not the recipe's " + train.labels()
                    + " (in logit order)");
        }
        float[][] aligned = new float[train.size()][];
        int missing = 0;
        String firstMissing = null;
        for (int i = 0; i < train.size(); i++) {
            aligned[i] = byText.get(key(train.examples().get(i).text()));
            if (aligned[i] == null) {
                missing++;
                firstMissing = firstMissing == null ? train.examples().get(i).source() : firstMissing;
            }
        }
        if (missing > 0) {
            throw new DataFormatException(file + ": no soft targets for " + missing + " of " + train.size()
                    + " training texts (the first: " + firstMissing + "); they were made for other data or another reading of it: "
                    + "write them again with triage soft-targets --teacher <bundle> --recipe <this recipe>");
        }
        return aligned;
    }

    private static JsonNode parse(Path file, int lineNumber, String line) {
        if (line == null) {
            throw new DataFormatException(file + ": is empty; write it with triage soft-targets");
        }
        try {
            JsonNode node = JSON.readTree(line);
            if (node == null || !node.isObject()) {
                throw new DataFormatException(file + ": line " + lineNumber + ": must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new DataFormatException(file + ": line " + lineNumber + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static float[] logits(Path file, int lineNumber, JsonNode values, int labels) {
        if (!values.isArray() || values.size() != labels) {
            throw new DataFormatException(file + ": line " + lineNumber + ": field 'logits' must hold " + labels + " numbers, one per label");
        }
        float[] logits = new float[labels];
        for (int k = 0; k < labels; k++) {
            JsonNode value = values.get(k);
            if (!value.isNumber() || !Float.isFinite(value.floatValue())) {
                throw new DataFormatException(file + ": line " + lineNumber + ": field 'logits' holds " + value
                        + ", not a finite number");
            }
            logits[k] = value.floatValue();
        }
        return logits;
    }
}
