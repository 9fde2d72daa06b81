package dev.triage.trainer.bulk;

import dev.triage.core.records.RecordLimits;
import dev.triage.core.records.TextRecord;
import dev.triage.core.records.TextRecordFormat;
import dev.triage.core.records.TextRecordReader;
import dev.triage.trainer.data.DataFormatException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.stream.Stream;

/**
 * What {@code triage classify --data} reads: a folder of raw e-mails (every file under it, in name
 * order, hidden files aside: the SpamAssassin layout, or a maildir), one {@code .eml} file, or a file of
 * texts (.jsonl/.ndjson, .csv with a {@code text} column, .txt with one text a line), streamed
 * ({@link TextRecordReader}), so a file of any size costs bounded memory.
 */
final class BulkInput implements Iterator<BulkItem>, AutoCloseable {

    private final Iterator<BulkItem> items;
    private final long expected;
    private final String unit;
    private final AutoCloseable resource;

    private BulkInput(Iterator<BulkItem> items, long expected, String unit, AutoCloseable resource) {
        this.items = items;
        this.expected = expected;
        this.unit = unit;
        this.resource = resource;
    }

    static BulkInput open(Path data, RecordLimits limits) throws IOException {
        if (Files.isDirectory(data)) {
            List<Path> files;
            try (Stream<Path> walk = Files.walk(data)) {
                files = walk.filter(Files::isRegularFile).filter(file -> !hidden(data.relativize(file))).sorted().toList();
            }
            if (files.isEmpty()) {
                throw new DataFormatException(data + ": the folder holds no files to classify");
            }
            Iterator<BulkItem> items = files.stream().map(file -> new BulkItem(data.relativize(file).toString(), null, null, null, file, null))
                    .iterator();
            return new BulkInput(items, files.size(), "e-mails", () -> { });
        }
        if (!Files.isRegularFile(data)) {
            throw new DataFormatException(data + ": no such file or folder");
        }
        String name = data.getFileName().toString();
        if (name.toLowerCase(Locale.ROOT).endsWith(".eml")) {
            return new BulkInput(List.of(new BulkItem(name, null, null, null, data, null)).iterator(), 1, "e-mails", () -> { });
        }
        TextRecordFormat format = TextRecordFormat.forName(name).orElseThrow(() -> new DataFormatException(data
                + ": cannot tell what it holds from its name; give a folder of e-mails, an .eml file, or a .jsonl, .csv or .txt file of texts"));
        long lines = countLines(data);
        InputStream in = new BufferedInputStream(Files.newInputStream(data), 1 << 16);
        TextRecordReader reader = new TextRecordReader(in, format, limits);
        return new BulkInput(new RecordIterator(reader, name), format == TextRecordFormat.CSV ? Math.max(0, lines - 1) : lines, "texts", in);
    }

    /** Items the progress bar counts to: files, or the file's lines (blank and CSV continuation lines included: an estimate). */
    long expected() {
        return expected;
    }

    String unit() {
        return unit;
    }

    @Override
    public boolean hasNext() {
        return items.hasNext();
    }

    @Override
    public BulkItem next() {
        return items.next();
    }

    @Override
    public void close() throws Exception {
        resource.close();
    }

    private static boolean hidden(Path relative) {
        for (Path part : relative) {
            if (part.toString().startsWith(".")) {
                return true;
            }
        }
        return false;
    }

    private static long countLines(Path file) throws IOException {
        long lines = 0;
        boolean open = false;
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        lines++;
                        open = false;
                    } else {
                        open = true;
                    }
                }
            }
        }
        return open ? lines + 1 : lines;
    }

    /** The records of a file of texts as items; an I/O error mid-file ends the run (the file itself broke). */
    private static final class RecordIterator implements Iterator<BulkItem> {
        private final TextRecordReader reader;
        private final String key;
        private TextRecord next;

        RecordIterator(TextRecordReader reader, String key) {
            this.reader = reader;
            this.key = key;
            advance();
        }

        private void advance() {
            try {
                next = reader.next();
            } catch (IOException e) {
                throw new UncheckedIOException(key + ": reading failed: " + e.getMessage(), e);
            }
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public BulkItem next() {
            if (next == null) {
                throw new NoSuchElementException();
            }
            TextRecord record = next;
            advance();
            return new BulkItem(key, record.line(), record.id(), record.text(), null, record.error());
        }
    }
}
