package dev.triage.core.records;

/**
 * One text read from a file of texts, or the reason its line could not be read: exactly one of
 * {@code text} and {@code error} is set, so a bad line is reported in its place and never dropped.
 *
 * @param line  the line number where the record starts (1-based, as an editor counts)
 * @param id    the record's own {@code id}, or null where it has none
 * @param text  the text to classify, or null
 * @param error why the line was not read, naming the field or limit, or null
 */
public record TextRecord(long line, String id, String text, String error) {

    public static TextRecord ok(long line, String id, String text) {
        return new TextRecord(line, id, text, null);
    }

    public static TextRecord failed(long line, String error) {
        return new TextRecord(line, null, null, error);
    }

    public boolean failed() {
        return error != null;
    }
}
