package dev.triage.trainer.data;

import java.nio.file.Path;
import java.util.Locale;

/** The labelled-data file formats the trainer reads. */
public enum DataFormat {
    /** {@code text;label} per line, as the emotion data set ships; split at the last ';'. */
    SEMICOLON,
    /** Comma-separated values with a header row naming the text and label columns. */
    CSV,
    /** Tab-separated values with a header row. */
    TSV,
    /** JSON Lines: one {@code {"text": ..., "label": ...}} object per line. */
    JSONL;

    /** Picks the format from the file name: .txt, .csv, .tsv, .jsonl/.ndjson. */
    public static DataFormat detect(Path file) {
        String name = String.valueOf(file.getFileName()).toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) {
            return CSV;
        }
        if (name.endsWith(".tsv")) {
            return TSV;
        }
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return JSONL;
        }
        if (name.endsWith(".txt")) {
            return SEMICOLON;
        }
        throw new DataFormatException(file + ": cannot tell the format from the file name; use .txt (text;label), "
                + ".csv, .tsv or .jsonl, or name the format");
    }

    public static DataFormat parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new DataFormatException("unknown data format '" + value + "': expected semicolon, csv, tsv or jsonl");
        }
    }
}
