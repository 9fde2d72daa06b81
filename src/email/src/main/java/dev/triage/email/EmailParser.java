package dev.triage.email;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.james.mime4j.MimeException;
import org.apache.james.mime4j.codec.DecodeMonitor;
import org.apache.james.mime4j.codec.DecoderUtil;
import org.apache.james.mime4j.message.DefaultBodyDescriptorBuilder;
import org.apache.james.mime4j.message.MaximalBodyDescriptor;
import org.apache.james.mime4j.parser.AbstractContentHandler;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.util.ByteSequence;

/**
 * A raw RFC 822 / MIME message to {@link EmailContent}, streaming: only the text parts are read
 * into memory, each up to {@link #maxPartBytes}, so a 20 MB attachment costs nothing but the
 * time to skip it. Parsing is permissive: a malformed header, a missing boundary, broken base64 or
 * quoted-printable, an unknown charset all yield the best text that can be had and a note, never
 * an exception. Only an I/O error reading the stream is thrown.
 *
 * <p>Thread-safe: every parse has its own state.
 */
public final class EmailParser {

    /** Enough for any real text part; a longer one is cut, and the classifier reads far less anyway. */
    public static final int DEFAULT_MAX_PART_BYTES = 1 << 20;

    private final int maxPartBytes;

    public EmailParser() {
        this(DEFAULT_MAX_PART_BYTES);
    }

    public EmailParser(int maxPartBytes) {
        if (maxPartBytes < 1) {
            throw new IllegalArgumentException("maxPartBytes must be positive: " + maxPartBytes);
        }
        this.maxPartBytes = maxPartBytes;
    }

    public EmailContent parse(InputStream raw) throws IOException {
        InputStream message = withoutMboxSeparator(raw);
        Collector collector = new Collector();
        MimeConfig config = MimeConfig.custom()
                .setStrictParsing(false)
                .setMalformedHeaderStartsBody(true) // a body without headers is still a body
                .setMaxLineLen(-1)                  // base64 written without line breaks is common
                .setMaxHeaderCount(10_000)
                .setMaxHeaderLen(1 << 20)
                .setMaxContentLen(-1)
                .build();
        MimeStreamParser parser = new MimeStreamParser(config, DecodeMonitor.SILENT, new DefaultBodyDescriptorBuilder());
        parser.setContentDecoding(true); // base64 and quoted-printable are undone before body() sees them
        parser.setContentHandler(collector);
        try {
            parser.parse(message);
        } catch (MimeException | RuntimeException e) {
            // Keep what was read before the fault: headers and any earlier parts are still good text.
            collector.notes.add("MIME structure broken, kept what came before: " + e.getMessage());
        }
        return collector.result();
    }

    /** Collects the top-level headers and the text parts, in order. */
    private final class Collector extends AbstractContentHandler {

        private int messageDepth;
        private int bodyPartDepth;
        private String messageId = "";
        private String from = "";
        private String subject = "";
        private final List<String> plainParts = new ArrayList<>();
        private final List<String> htmlParts = new ArrayList<>();
        final List<String> notes = new ArrayList<>();

        @Override
        public void startMessage() {
            messageDepth++;
        }

        @Override
        public void endMessage() {
            messageDepth--;
        }

        @Override
        public void startBodyPart() {
            bodyPartDepth++;
        }

        @Override
        public void endBodyPart() {
            bodyPartDepth--;
        }

        @Override
        public void field(Field field) {
            if (messageDepth != 1 || bodyPartDepth != 0) {
                return; // headers of parts and of attached messages do not describe this message
            }
            switch (field.getName().toLowerCase(Locale.ROOT)) {
                case "message-id" -> messageId = headerValue(field).trim();
                case "from" -> from = headerValue(field).trim();
                case "subject" -> subject = headerValue(field).trim();
                default -> {
                    // other headers (including any spam-filter verdicts) are not read on purpose
                }
            }
        }

        @Override
        public void body(BodyDescriptor descriptor, InputStream stream) throws IOException {
            String mimeType = descriptor.getMimeType() == null ? "text/plain" : descriptor.getMimeType().toLowerCase(Locale.ROOT);
            boolean plain = mimeType.equals("text/plain");
            boolean html = mimeType.equals("text/html");
            if (!(plain || html) || isAttachment(descriptor)) {
                return; // skipped unread: the parser moves past it
            }
            byte[] bytes = stream.readNBytes(maxPartBytes);
            if (stream.read() >= 0) {
                notes.add(mimeType + " part longer than " + maxPartBytes + " bytes: cut");
            }
            TextDecoding.Decoded decoded = TextDecoding.decode(bytes, declaredCharset(descriptor));
            if (decoded.fallbackNote() != null) {
                notes.add(mimeType + " part, " + decoded.fallbackNote());
            }
            (plain ? plainParts : htmlParts).add(html ? HtmlText.toText(decoded.text()) : decoded.text());
        }

        EmailContent result() {
            boolean hasPlain = plainParts.stream().anyMatch(part -> !part.isBlank());
            List<String> parts = hasPlain ? plainParts : htmlParts;
            return new EmailContent(messageId, from, subject, String.join("\n", parts), !hasPlain && !htmlParts.isEmpty(), notes);
        }

        private String headerValue(Field field) {
            String value;
            ByteSequence raw = field.getRaw();
            if (raw != null) {
                // The raw bytes, so that an unencoded 8-bit subject is decoded by our rules, not as ASCII.
                String line = TextDecoding.decodeHeader(raw.toByteArray());
                int colon = line.indexOf(':');
                value = colon >= 0 ? line.substring(colon + 1) : line;
            } else {
                value = field.getBody();
            }
            value = value.replaceAll("\r?\n(?=[ \t])", ""); // unfold
            try {
                return DecoderUtil.decodeEncodedWords(value, DecodeMonitor.SILENT);
            } catch (RuntimeException e) {
                notes.add("header " + field.getName() + ": encoded words not decodable, kept as sent");
                return value;
            }
        }
    }

    /**
     * Skips an mbox separator line ({@code From sender date}, no colon) where the message starts with
     * one, as messages exported from mailboxes (the SpamAssassin corpus, most of it) do. Left in, it is
     * a malformed header line, and a permissive parser then reads every header after it as body text.
     */
    static InputStream withoutMboxSeparator(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 8192);
        in.mark(8192);
        byte[] start = in.readNBytes(5);
        if (!new String(start, StandardCharsets.US_ASCII).equals("From ")) {
            in.reset();
            return in;
        }
        int b;
        int skipped = 5;
        while ((b = in.read()) >= 0 && b != '\n' && ++skipped < 8192) {
            // the rest of the separator line
        }
        return in;
    }

    private static boolean isAttachment(BodyDescriptor descriptor) {
        return descriptor instanceof MaximalBodyDescriptor maximal
                && "attachment".equalsIgnoreCase(maximal.getContentDispositionType());
    }

    /** The charset the part declares, or null: mime4j reports US-ASCII for text parts that declare none. */
    private static String declaredCharset(BodyDescriptor descriptor) {
        if (descriptor instanceof MaximalBodyDescriptor maximal) {
            Map<String, String> parameters = maximal.getContentTypeParameters();
            return parameters == null ? null : parameters.get("charset");
        }
        return descriptor.getCharset();
    }
}
