package dev.triage.function.archive;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.triage.core.records.ResultLine;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A batch's results as they are produced: JSON Lines in a temporary file (Lambda's /tmp), so a file of a
 * million texts costs disk, not memory; the counts and the first failures for the summary.
 */
final class ResultsFile implements Closeable {

    static final int MAX_LISTED_FAILURES = 20;
    /**
     * Keys and reasons are cut to this many characters in the summary (never in the results object): with
     * at most 3 UTF-8 bytes a character, 20 failures stay under 70 KiB.
     */
    static final int MAX_SUMMARY_CHARS = 1024;

    private final Path file;
    private final BufferedWriter out;
    private final ObjectWriter writer;
    private final List<ArchiveSummary.Failure> failures = new ArrayList<>();
    private long results;
    private long failed;
    private long skipped;

    ResultsFile(ObjectMapper json) {
        try {
            this.file = Files.createTempFile("triage-archive-", ".jsonl");
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the batch's results file in " + System.getProperty("java.io.tmpdir")
                    + ": " + e.getMessage(), e);
        }
        this.writer = json.writer().with(JsonWriteFeature.ESCAPE_NON_ASCII).without(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    }

    void add(ResultLine line) {
        try {
            out.write(writer.writeValueAsString(line));
            out.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the batch's results to " + file + ": " + e.getMessage(), e);
        }
        results++;
        if (line.isSkip()) {
            skipped++;
        }
        if (line.isFailure()) {
            failed++;
            if (failures.size() < MAX_LISTED_FAILURES) {
                failures.add(new ArchiveSummary.Failure(cut(line.key()), line.line(), cut(line.error())));
            }
        }
    }

    /** The finished file, flushed, for upload. */
    Path finish() {
        try {
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the batch's results to " + file + ": " + e.getMessage(), e);
        }
        return file;
    }

    ArchiveSummary summary(int items, String resultsObject) {
        return new ArchiveSummary(items, results, failed, skipped, resultsObject, List.copyOf(failures));
    }

    private static String cut(String text) {
        if (text == null || text.length() <= MAX_SUMMARY_CHARS) {
            return text;
        }
        int end = Character.isHighSurrogate(text.charAt(MAX_SUMMARY_CHARS - 1)) ? MAX_SUMMARY_CHARS - 1 : MAX_SUMMARY_CHARS;
        return text.substring(0, end) + "... (cut; whole in the results object)";
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            // the file is deleted next; nothing more to lose
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // Lambda's /tmp is the function's own; a leftover file is overwritten by nothing and removed with the sandbox
        }
    }
}
