package dev.triage.core.records;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The lines of a stream, each at most a given number of bytes: a longer line is read to its end and
 * dropped from memory as it goes, and reported as too long, so one runaway line (a file without line
 * breaks) costs time but never memory. Lines are UTF-8; a line that is not is reported, and the next
 * one is read normally. A trailing '\r' is removed (Windows line ends).
 */
final class BoundedLines {

    /** One line: its text, or why it has none. */
    record Line(long number, String text, String problem) {
    }

    private final InputStream in;
    private final int maxBytes;
    private final byte[] buffer = new byte[64 * 1024];
    private final ByteArrayOutputStream current = new ByteArrayOutputStream();
    private int position;
    private int limit;
    private long number;
    private boolean ended;

    BoundedLines(InputStream in, int maxBytes) {
        this.in = in;
        this.maxBytes = maxBytes;
    }

    /** The next line, or null at the end of the stream. */
    Line next() throws IOException {
        if (ended) {
            return null;
        }
        current.reset();
        long length = 0;
        boolean sawAny = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    ended = true;
                    if (!sawAny) {
                        return null;
                    }
                    break;
                }
            }
            sawAny = true;
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            int chunk = position - start;
            if (length + chunk <= maxBytes) {
                current.write(buffer, start, chunk);
            }
            length += chunk;
            if (position < limit) {
                position++; // the '\n'
                break;
            }
        }
        number++;
        if (length > maxBytes) {
            return new Line(number, null, "the line is " + length + " bytes long, over the limit of " + maxBytes);
        }
        byte[] bytes = current.toByteArray();
        int end = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        try {
            String text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes, 0, end)).toString();
            if (number == 1 && text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            return new Line(number, text, null);
        } catch (CharacterCodingException e) {
            return new Line(number, null, "the line is not valid UTF-8");
        }
    }
}
