package dev.triage.trainer.data;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads labelled texts from a file. Every error names the file and line. Input must be UTF-8: a file
 * in another encoding is refused rather than silently garbled.
 */
public final class DatasetReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String textColumn;
    private final String labelColumn;

    /** Reads CSV/TSV/JSON Lines with the given column (field) names. */
    public DatasetReader(String textColumn, String labelColumn) {
        this.textColumn = textColumn;
        this.labelColumn = labelColumn;
    }

    public DatasetReader() {
        this("text", "label");
    }

    /** Reads a file, its format detected from the name. */
    public List<LabelledText> read(Path file) {
        return read(file, DataFormat.detect(file));
    }

    public List<LabelledText> read(Path file, DataFormat format) {
        List<LabelledText> examples;
        try (BufferedReader reader = strictUtf8(file)) {
            examples = switch (format) {
                case SEMICOLON -> readSemicolon(file, reader);
                case CSV -> readDelimited(file, reader, CSVFormat.DEFAULT);
                case TSV -> readDelimited(file, reader, CSVFormat.TDF);
                case JSONL -> readJsonLines(file, reader);
            };
        } catch (NoSuchFileException e) {
            throw new DataFormatException(file + ": no such file");
        } catch (CharacterCodingException e) {
            throw new DataFormatException(file + ": not valid UTF-8 (" + e + "); convert it to UTF-8 first", e);
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof CharacterCodingException coding) {
                throw new DataFormatException(file + ": not valid UTF-8 (" + coding + "); convert it to UTF-8 first", e);
            }
            throw new DataFormatException(file + ": cannot be read: " + e.getCause().getMessage(), e);
        } catch (IOException e) {
            throw new DataFormatException(file + ": cannot be read: " + e.getMessage(), e);
        }
        if (examples.isEmpty()) {
            throw new DataFormatException(file + ": holds no examples");
        }
        return examples;
    }

    private static BufferedReader strictUtf8(Path file) throws IOException {
        return new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)));
    }

    private static List<LabelledText> readSemicolon(Path file, BufferedReader reader) throws IOException {
        List<LabelledText> examples = new ArrayList<>();
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            if (number == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.isBlank()) {
                continue;
            }
            String where = file.getFileName() + ":" + number;
            int split = line.lastIndexOf(';');
            if (split < 0) {
                throw new DataFormatException(where + ": expected 'text;label' but the line has no ';'");
            }
            examples.add(example(line.substring(0, split), line.substring(split + 1), where));
        }
        return examples;
    }

    private List<LabelledText> readDelimited(Path file, BufferedReader reader, CSVFormat base) throws IOException {
        CSVFormat format = base.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true).get();
        List<LabelledText> examples = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(reader, format)) {
            Map<String, Integer> header = parser.getHeaderMap();
            for (String column : List.of(textColumn, labelColumn)) {
                if (!header.containsKey(column)) {
                    throw new DataFormatException(file.getFileName() + ":1: no column '" + column
                            + "' in the header; columns are " + header.keySet());
                }
            }
            for (CSVRecord record : parser) {
                String where = file.getFileName() + ":" + (record.getParser().getCurrentLineNumber());
                if (!record.isSet(textColumn) || !record.isSet(labelColumn)) {
                    throw new DataFormatException(where + ": the row has " + record.size() + " fields, fewer than the header's "
                            + header.size());
                }
                examples.add(example(record.get(textColumn), record.get(labelColumn), where));
            }
        } catch (IllegalStateException | UncheckedIOException e) {
            if (e.getCause() instanceof CharacterCodingException coding) {
                throw coding;
            }
            throw new DataFormatException(file.getFileName() + ": malformed " + base + " data: " + e.getMessage(), e);
        }
        return examples;
    }

    private List<LabelledText> readJsonLines(Path file, BufferedReader reader) throws IOException {
        List<LabelledText> examples = new ArrayList<>();
        String line;
        int number = 0;
        while ((line = reader.readLine()) != null) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            String where = file.getFileName() + ":" + number;
            JsonNode node;
            try {
                node = JSON.readTree(line);
            } catch (JsonProcessingException e) {
                throw new DataFormatException(where + ": not valid JSON: " + e.getOriginalMessage());
            }
            if (!node.isObject()) {
                throw new DataFormatException(where + ": expected a JSON object, found " + node.getNodeType());
            }
            JsonNode text = node.get(textColumn);
            JsonNode label = node.get(labelColumn);
            if (text == null || !text.isTextual()) {
                throw new DataFormatException(where + ": field '" + textColumn + "' must be a string, is " + text);
            }
            if (label == null || !(label.isTextual() || label.isIntegralNumber())) {
                throw new DataFormatException(where + ": field '" + labelColumn + "' must be a string (or a label index), is " + label);
            }
            examples.add(example(text.asText(), label.asText(), where));
        }
        return examples;
    }

    private static LabelledText example(String text, String label, String where) {
        if (text.isBlank()) {
            throw new DataFormatException(where + ": the text is empty");
        }
        if (label.isBlank()) {
            throw new DataFormatException(where + ": the label is empty");
        }
        return new LabelledText(text, label.trim(), where);
    }
}
