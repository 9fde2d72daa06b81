package dev.triage.core.records;

/**
 * What one record of a file of texts may cost: a line (a CSV record, quoted line breaks included) of
 * more than {@code maxLineBytes} bytes is skipped to its end without being held in memory and reported
 * as an error; a text of more than {@code maxTextChars} characters is an error too, as the
 * {@code classify} function refuses it.
 */
public record RecordLimits(int maxLineBytes, int maxTextChars) {

    /** 1 MiB per line, 20,000 characters per text (the classify function's default limit). */
    public static final RecordLimits DEFAULTS = new RecordLimits(1 << 20, 20_000);

    public RecordLimits {
        if (maxLineBytes < 1 || maxTextChars < 1) {
            throw new IllegalArgumentException("record limits must be positive: " + this);
        }
    }
}
