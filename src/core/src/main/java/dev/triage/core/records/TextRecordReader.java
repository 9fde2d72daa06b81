package dev.triage.core.records;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a file of texts as it streams, one {@link TextRecord} at a time: memory is bounded by
 * {@link RecordLimits#maxLineBytes()} whatever the file's size. A line that cannot be read (not JSON,
 * no {@code text}, too long, not UTF-8, a CSV row shorter than its header) becomes an error record
 * naming the line number and the reason, and reading goes on with the next line. Blank lines are not
 * records. Only a CSV file without a {@code text} column yields a single error record and nothing
 * else, as none of its rows could be read.
 *
 * <p>Not thread-safe; an I/O error of the stream itself is thrown, as it ends the reading.
 */
public final class TextRecordReader {

    public static final String TEXT = "text";
    public static final String ID = "id";
    private static final ObjectMapper JSON = new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final BoundedLines lines;
    private final TextRecordFormat format;
    private final RecordLimits limits;
    private int textColumn = -1;
    private int idColumn = -1;
    private boolean finished;

    public TextRecordReader(InputStream in, TextRecordFormat format, RecordLimits limits) {
        this.lines = new BoundedLines(in, limits.maxLineBytes());
        this.format = format;
        this.limits = limits;
    }

    /** The next record, or null at the end of the file. */
    public TextRecord next() throws IOException {
        while (!finished) {
            BoundedLines.Line line = lines.next();
            if (line == null) {
                finished = true;
                return null;
            }
            TextRecord record = switch (format) {
                case JSONL -> jsonLine(line);
                case LINES -> plainLine(line);
                case CSV -> csvRecord(line);
            };
            if (record != null) {
                return record;
            }
        }
        return null;
    }

    private TextRecord plainLine(BoundedLines.Line line) {
        if (line.problem() != null) {
            return TextRecord.failed(line.number(), line.problem());
        }
        return line.text().isBlank() ? null : checked(line.number(), null, line.text());
    }

    private TextRecord jsonLine(BoundedLines.Line line) {
        if (line.problem() != null) {
            return TextRecord.failed(line.number(), line.problem());
        }
        if (line.text().isBlank()) {
            return null;
        }
        JsonNode node;
        try {
            node = JSON.readTree(line.text());
        } catch (JsonProcessingException e) {
            return TextRecord.failed(line.number(), "not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            return TextRecord.failed(line.number(), "expected a JSON object {\"text\": ...}, found " + (node == null ? "nothing" : node.getNodeType()));
        }
        JsonNode text = node.get(TEXT);
        if (text == null || !text.isTextual()) {
            return TextRecord.failed(line.number(), "field 'text' must be a string, is " + (text == null ? "missing" : text.getNodeType()));
        }
        JsonNode id = node.get(ID);
        if (id != null && !id.isNull() && !id.isTextual() && !id.isIntegralNumber()) {
            return TextRecord.failed(line.number(), "field 'id' must be a string or an integer, is " + id.getNodeType());
        }
        return checked(line.number(), id == null || id.isNull() ? null : id.asText(), text.asText());
    }

    private TextRecord checked(long number, String id, String text) {
        if (text.isBlank()) {
            return new TextRecord(number, id, null, "the text is empty");
        }
        if (text.length() > limits.maxTextChars()) {
            return new TextRecord(number, id, null, "the text is " + text.length() + " characters, over the limit of "
                    + limits.maxTextChars());
        }
        return TextRecord.ok(number, id, text);
    }

    /** A CSV record: physical lines joined while a quoted field is open (an odd number of quotes so far). */
    private TextRecord csvRecord(BoundedLines.Line first) throws IOException {
        long number = first.number();
        if (first.problem() != null) {
            return TextRecord.failed(number, first.problem());
        }
        StringBuilder record = new StringBuilder(first.text());
        long quotes = quotes(first.text());
        while (quotes % 2 == 1) {
            BoundedLines.Line next = lines.next();
            if (next == null) {
                return TextRecord.failed(number, "a quoted field opened here is never closed");
            }
            if (next.problem() != null) {
                return TextRecord.failed(number, "the record goes on to line " + next.number() + ", where " + next.problem());
            }
            record.append('\n').append(next.text());
            quotes += quotes(next.text());
            if (record.length() > limits.maxLineBytes()) {
                return TextRecord.failed(number, "the record runs over " + limits.maxLineBytes()
                        + " characters, to line " + next.number() + " (a quoted field left open?)");
            }
        }
        if (record.toString().isBlank()) {
            return null;
        }
        List<String> fields;
        try {
            fields = fields(record);
        } catch (IllegalArgumentException e) {
            return TextRecord.failed(number, e.getMessage());
        }
        if (textColumn < 0) {
            return header(number, fields);
        }
        if (fields.size() <= textColumn || (idColumn >= 0 && fields.size() <= idColumn)) {
            return TextRecord.failed(number, "the row has " + fields.size() + " fields, too few for the header's 'text'"
                    + (idColumn >= 0 ? " and 'id'" : "") + " columns");
        }
        String id = idColumn >= 0 && !fields.get(idColumn).isEmpty() ? fields.get(idColumn) : null;
        return checked(number, id, fields.get(textColumn));
    }

    private TextRecord header(long number, List<String> names) {
        textColumn = names.indexOf(TEXT);
        idColumn = names.indexOf(ID);
        if (textColumn < 0) {
            finished = true;
            return TextRecord.failed(number, "the CSV header has no column 'text'; its columns are " + names);
        }
        return null;
    }

    private static long quotes(String text) {
        return text.chars().filter(c -> c == '"').count();
    }

    /** RFC 4180 fields of one record; quotes balanced already. */
    static List<String> fields(CharSequence record) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        int i = 0;
        int n = record.length();
        while (true) {
            if (i < n && record.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= n) {
                        throw new IllegalArgumentException("malformed CSV: field " + (fields.size() + 1) + " opens a quote it never closes");
                    }
                    char c = record.charAt(i++);
                    if (c == '"') {
                        if (i < n && record.charAt(i) == '"') {
                            field.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        field.append(c);
                    }
                }
                if (i < n && record.charAt(i) != ',') {
                    throw new IllegalArgumentException("malformed CSV: a character follows the closing quote of field "
                            + (fields.size() + 1));
                }
            } else {
                while (i < n && record.charAt(i) != ',') {
                    char c = record.charAt(i++);
                    if (c == '"') {
                        throw new IllegalArgumentException("malformed CSV: a quote inside the unquoted field " + (fields.size() + 1));
                    }
                    field.append(c);
                }
            }
            fields.add(field.toString());
            field.setLength(0);
            if (i >= n) {
                return fields;
            }
            i++; // the ','
        }
    }
}
