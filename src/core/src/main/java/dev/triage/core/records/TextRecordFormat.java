package dev.triage.core.records;

import java.util.Locale;
import java.util.Optional;

/** The files of texts the bulk paths read (the archive job and {@code triage classify --data}). */
public enum TextRecordFormat {
    /** JSON Lines: {@code {"text": "...", "id": ...}} per line ({@code id} optional, a string or a number). */
    JSONL,
    /** Comma-separated values (RFC 4180) with a header row naming a {@code text} column and optionally an {@code id} column. */
    CSV,
    /** Plain text, one text per line. */
    LINES;

    /** The format a file name's extension says: .jsonl/.ndjson, .csv, .txt; empty for any other name. */
    public static Optional<TextRecordFormat> forName(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
            return Optional.of(JSONL);
        }
        if (lower.endsWith(".csv")) {
            return Optional.of(CSV);
        }
        if (lower.endsWith(".txt")) {
            return Optional.of(LINES);
        }
        return Optional.empty();
    }
}
