package dev.triage.core.records;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TextRecordReaderTest {

    static List<TextRecord> read(String content, TextRecordFormat format, RecordLimits limits) throws IOException {
        return read(new ByteArrayInputStream(content.getBytes(StandardCharsets.UTF_8)), format, limits);
    }

    static List<TextRecord> read(InputStream in, TextRecordFormat format, RecordLimits limits) throws IOException {
        TextRecordReader reader = new TextRecordReader(in, format, limits);
        List<TextRecord> records = new ArrayList<>();
        TextRecord record;
        while ((record = reader.next()) != null) {
            records.add(record);
        }
        return records;
    }

    @Test
    void everyJsonLineIsARecordOrAnErrorNamingItsLine() throws IOException {
        List<TextRecord> records = read("{\"text\": \"hello\", \"id\": 3}\r\n{not json\n\n{\"text\": 5}\n{\"text\": \"\"}\n"
                + "{\"text\": \"a\", \"text\": \"b\"}\n{\"text\": \"last\"}", TextRecordFormat.JSONL, RecordLimits.DEFAULTS);
        assertThat(records).extracting(TextRecord::line).containsExactly(1L, 2L, 4L, 5L, 6L, 7L);
        assertThat(records.get(0)).isEqualTo(TextRecord.ok(1, "3", "hello"));
        assertThat(records.get(1).error()).startsWith("not valid JSON");
        assertThat(records.get(2).error()).isEqualTo("field 'text' must be a string, is NUMBER");
        assertThat(records.get(3).error()).isEqualTo("the text is empty");
        assertThat(records.get(4).error()).contains("Duplicate field 'text'");
        assertThat(records.get(5)).isEqualTo(TextRecord.ok(7, null, "last"));
    }

    @Test
    void aLineOverTheLimitIsSkippedWithoutBeingHeldAndTheNextIsRead() throws IOException {
        // 50 MB on one line, generated as it is read: never in memory as a whole.
        InputStream huge = new InputStream() {
            long left = 50L << 20;
            @Override
            public int read() {
                return left-- > 0 ? 'x' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    return -1;
                }
                int n = (int) Math.min(len, left);
                java.util.Arrays.fill(b, off, off + n, (byte) 'x');
                left -= n;
                return n;
            }
        };
        InputStream content = new java.io.SequenceInputStream(new ByteArrayInputStream("{\"text\": \"".getBytes(StandardCharsets.UTF_8)),
                new java.io.SequenceInputStream(huge, new ByteArrayInputStream("\"}\n{\"text\": \"after\"}\n".getBytes(StandardCharsets.UTF_8))));
        List<TextRecord> records = read(content, TextRecordFormat.JSONL, new RecordLimits(1024, 100));
        assertThat(records).hasSize(2);
        assertThat(records.get(0).error()).isEqualTo("the line is " + ((50L << 20) + 12) + " bytes long, over the limit of 1024");
        assertThat(records.get(1)).isEqualTo(TextRecord.ok(2, null, "after"));
    }

    @Test
    void csvRecordsSpanQuotedLineBreaksAndShortRowsFailAlone() throws IOException {
        String csv = "\uFEFFchannel,text,id\r\nweb,\"hello, world\",1\r\nmail,\"two\nlines \"\"quoted\"\"\",2\r\nshort\r\n"
                + "x,a\"b,3\r\nphone,plain,\r\n";
        List<TextRecord> records = read(csv, TextRecordFormat.CSV, RecordLimits.DEFAULTS);
        assertThat(records).hasSize(4);
        assertThat(records.get(0)).isEqualTo(TextRecord.ok(2, "1", "hello, world"));
        assertThat(records.get(1)).isEqualTo(TextRecord.ok(3, "2", "two\nlines \"quoted\""));
        assertThat(records.get(2).line()).isEqualTo(5);
        assertThat(records.get(2).error()).contains("too few");
        assertThat(records.get(3).line()).isEqualTo(6);
        // "x,a\"b,3" opens a quote that nothing closes: one error from line 6 to the end
        assertThat(records.get(3).error()).isEqualTo("a quoted field opened here is never closed");
    }

    @Test
    void aCsvWithoutATextColumnIsOneErrorAndNothingElse() throws IOException {
        List<TextRecord> records = read("body,label\nhello,joy\n", TextRecordFormat.CSV, RecordLimits.DEFAULTS);
        assertThat(records).singleElement().satisfies(record -> {
            assertThat(record.line()).isEqualTo(1);
            assertThat(record.error()).isEqualTo("the CSV header has no column 'text'; its columns are [body, label]");
        });
    }

    @Test
    void plainLinesAreTextsAndInvalidUtf8IsThatLinesError() throws IOException {
        byte[] content = {'o', 'n', 'e', '\n', (byte) 0xC3, (byte) 0x28, '\n', ' ', '\n', 't', 'w', 'o'};
        List<TextRecord> records = read(new ByteArrayInputStream(content), TextRecordFormat.LINES, new RecordLimits(100, 2));
        assertThat(records).hasSize(3);
        assertThat(records.get(0).error()).isEqualTo("the text is 3 characters, over the limit of 2");
        assertThat(records.get(1)).isEqualTo(TextRecord.failed(2, "the line is not valid UTF-8"));
        assertThat(records.get(2).error()).contains("over the limit");
        assertThat(records.get(2).line()).isEqualTo(4);
    }

    @Test
    void formatsFollowTheExtension() {
        assertThat(TextRecordFormat.forName("a/B.JSONL")).contains(TextRecordFormat.JSONL);
        assertThat(TextRecordFormat.forName("x.ndjson")).contains(TextRecordFormat.JSONL);
        assertThat(TextRecordFormat.forName("x.csv")).contains(TextRecordFormat.CSV);
        assertThat(TextRecordFormat.forName("x.txt")).contains(TextRecordFormat.LINES);
        assertThat(TextRecordFormat.forName("x.eml")).isEmpty();
    }
}
