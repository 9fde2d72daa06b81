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
import org.apache.james.mime4j.io.MaxHeaderLengthLimitException;
import org.apache.james.mime4j.io.MaxHeaderLimitException;
import org.apache.james.mime4j.message.MaximalBodyDescriptor;
import org.apache.james.mime4j.parser.AbstractContentHandler;
import org.apache.james.mime4j.parser.MimeStreamParser;
import org.apache.james.mime4j.stream.BodyDescriptor;
import org.apache.james.mime4j.stream.Field;
import org.apache.james.mime4j.stream.MimeConfig;
import org.apache.james.mime4j.util.ByteSequence;

/**
 * A raw RFC 822 / MIME message to {@link EmailContent}, streaming: only the text parts are read into
 * memory, so a 20 MB attachment costs nothing but the time to skip it. Parsing is permissive: a
 * malformed header, a missing boundary, broken base64 or quoted-printable, an unknown charset all
 * yield the best text that can be had and a note. Hostile structure is bounded by {@link MailLimits}:
 * where a message reaches one, reading stops (or, for one long part or header, skips the rest of it),
 * what came before is kept, and the cut is listed in {@link EmailContent#cuts()}.
 *
 * <p>Thrown: an I/O error reading the stream, and {@link UnreadableEmailException} for a message of
 * which nothing at all could be read before its structure broke or a limit stopped the reading.
 *
 * <p>Thread-safe: every parse has its own state.
 */
public final class EmailParser {

    /** Enough for any real text part; a longer one is cut, and the classifier reads far less anyway. */
    public static final int DEFAULT_MAX_PART_BYTES = MailLimits.DEFAULTS.maxPartBytes();

    private final MailLimits limits;

    public EmailParser() {
        this(MailLimits.DEFAULTS);
    }

    public EmailParser(int maxPartBytes) {
        this(MailLimits.DEFAULTS.withMaxPartBytes(maxPartBytes));
    }

    public EmailParser(MailLimits limits) {
        this.limits = limits;
    }

    public EmailContent parse(InputStream raw) throws IOException {
        InputStream message = withoutMboxSeparator(raw);
        Collector collector = new Collector();
        MimeConfig config = MimeConfig.custom()
                .setStrictParsing(false)
                .setMalformedHeaderStartsBody(true) // a body without headers is still a body
                .setMaxLineLen(-1)                  // base64 written without line breaks is common
                .setMaxHeaderCount(limits.maxHeaders())
                .setMaxHeaderLen(limits.maxHeaderBytes())
                .setMaxContentLen(-1)
                .build();
        MimeStreamParser parser = new MimeStreamParser(config, DecodeMonitor.SILENT, new BoundedDescriptorBuilder(collector.cuts));
        parser.setContentDecoding(true); // base64 and quoted-printable are undone before body() sees them
        parser.setContentHandler(collector);
        String stoppedBy = null;
        try {
            parser.parse(message);
        } catch (LimitReached e) {
            stoppedBy = e.getMessage();
            collector.cuts.add(stoppedBy);
        } catch (MaxHeaderLimitException e) {
            stoppedBy = "more than " + limits.maxHeaders() + " header fields in one header section: the rest of the message was not read";
            collector.cuts.add(stoppedBy);
        } catch (MaxHeaderLengthLimitException e) {
            stoppedBy = "a header field over " + limits.maxHeaderBytes() + " bytes: the rest of the message was not read";
            collector.cuts.add(stoppedBy);
        } catch (MimeException | RuntimeException e) {
            // Keep what was read before the fault: headers and any earlier parts are still good text.
            stoppedBy = "MIME structure broken, kept what came before: " + TextDecoding.shortened(e.getMessage());
            collector.notes.add(stoppedBy);
        }
        if (stoppedBy != null && collector.isEmpty()) {
            throw new UnreadableEmailException("nothing readable before the reading stopped: " + stoppedBy);
        }
        return collector.result();
    }

    /** Thrown by the collector to stop the parser at a limit; never leaves {@link #parse}. */
    private static final class LimitReached extends RuntimeException {
        LimitReached(String message) {
            super(message, null, false, false);
        }
    }

    /** Collects the top-level headers and the text parts, in order, counting against the limits. */
    private final class Collector extends AbstractContentHandler {

        private int messageDepth;
        private int bodyPartDepth;
        private int nesting;
        private int parts;
        private long textBytes;
        private String messageId = "";
        private String from = "";
        private String subject = "";
        private final List<String> plainParts = new ArrayList<>();
        private final List<String> htmlParts = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        final List<String> cuts = new ArrayList<>();

        @Override
        public void startMessage() {
            messageDepth++;
            deeper();
        }

        @Override
        public void endMessage() {
            messageDepth--;
            nesting--;
        }

        @Override
        public void startMultipart(BodyDescriptor descriptor) {
            deeper();
        }

        @Override
        public void endMultipart() {
            nesting--;
        }

        private void deeper() {
            if (++nesting > limits.maxDepth()) {
                throw new LimitReached("nested deeper than " + limits.maxDepth()
                        + " levels (multiparts and attached messages): the rest of the message was not read");
            }
        }

        @Override
        public void startBodyPart() {
            bodyPartDepth++;
            if (++parts > limits.maxParts()) {
                throw new LimitReached("more than " + limits.maxParts() + " parts: the rest of the message was not read");
            }
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
                case "message-id" -> messageId = headerValue(field, "Message-ID");
                case "from" -> from = headerValue(field, "From");
                case "subject" -> subject = headerValue(field, "Subject");
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
            long left = limits.maxTextBytes() - textBytes;
            if (left <= 0) {
                throw new LimitReached("text parts over " + limits.maxTextBytes() + " bytes in all: the rest of the message was not read");
            }
            int budget = (int) Math.min(limits.maxPartBytes(), left);
            byte[] bytes = stream.readNBytes(budget);
            textBytes += bytes.length;
            boolean more = stream.read() >= 0;
            if (more && budget < limits.maxPartBytes()) {
                add(plain, html, bytes, descriptor);
                throw new LimitReached("text parts over " + limits.maxTextBytes() + " bytes in all: the rest of the message was not read");
            }
            if (more) {
                cuts.add(mimeType + " part longer than " + limits.maxPartBytes() + " bytes: cut");
            }
            add(plain, html, bytes, descriptor);
        }

        private void add(boolean plain, boolean html, byte[] bytes, BodyDescriptor descriptor) {
            String mimeType = plain ? "text/plain" : "text/html";
            TextDecoding.Decoded decoded = TextDecoding.decode(bytes, declaredCharset(descriptor));
            if (decoded.fallbackNote() != null) {
                notes.add(mimeType + " part, " + decoded.fallbackNote());
            }
            (plain ? plainParts : htmlParts).add(html ? HtmlText.toText(decoded.text()) : decoded.text());
        }

        boolean isEmpty() {
            return messageId.isEmpty() && from.isEmpty() && subject.isEmpty() && plainParts.isEmpty() && htmlParts.isEmpty();
        }

        EmailContent result() {
            boolean hasPlain = plainParts.stream().anyMatch(part -> !part.isBlank());
            List<String> parts = hasPlain ? plainParts : htmlParts;
            return new EmailContent(messageId, from, subject, String.join("\n", parts), !hasPlain && !htmlParts.isEmpty(), notes,
                    cuts);
        }

        /**
         * A header's value, decoded, cut to {@link MailLimits#maxHeaderChars()}: its raw bytes are cut
         * first (so a megabyte-long subject is never decoded whole), then the decoded text.
         */
        private String headerValue(Field field, String name) {
            String value;
            ByteSequence raw = field.getRaw();
            int rawLimit = field.getName().length() + 1 + limits.maxRawHeaderValueBytes();
            boolean rawCut = raw != null && raw.length() > rawLimit;
            if (raw != null) {
                // The raw bytes, so that an unencoded 8-bit subject is decoded by our rules, not as ASCII.
                byte[] bytes = new byte[Math.min(raw.length(), rawLimit)];
                for (int i = 0; i < bytes.length; i++) {
                    bytes[i] = raw.byteAt(i);
                }
                String line = TextDecoding.decodeHeader(bytes);
                int colon = line.indexOf(':');
                value = colon >= 0 ? line.substring(colon + 1) : line;
            } else {
                value = field.getBody();
            }
            value = value.replaceAll("\r?\n(?=[ \t])", ""); // unfold
            try {
                value = DecoderUtil.decodeEncodedWords(value, DecodeMonitor.SILENT);
            } catch (RuntimeException e) {
                notes.add("header " + name + ": encoded words not decodable, kept as sent");
            }
            value = value.trim();
            if (rawCut || value.length() > limits.maxHeaderChars()) {
                cuts.add(name + (rawCut ? " of " + raw.length() + " bytes" : " of " + value.length() + " characters") + ": cut to "
                        + limits.maxHeaderChars() + " characters");
                value = TextDecoding.cut(value, limits.maxHeaderChars());
            }
            return value;
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
