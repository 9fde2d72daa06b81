package dev.triage.email;

/**
 * Bounds on what one message may cost to read, so that a hostile message costs bounded memory and
 * time. Every one is far above real mail (the SpamAssassin corpus reaches none of them); a message
 * that reaches one is cut there, and the cut is reported ({@link EmailContent#cuts()}), never silent.
 * Everything is cut before it is cleaned: bytes are counted as they are read, before any charset
 * decoding, HTML reduction or whitespace tidying.
 *
 * @param maxDepth       nesting of multiparts and attached messages ({@code message/rfc822}); deeper
 *                       structure is not read
 * @param maxParts       body parts in the whole message; later parts are not read
 * @param maxHeaders     header fields in one header section (mime4j stops at more)
 * @param maxHeaderBytes bytes of one header field, folded lines included (mime4j stops at more)
 * @param maxHeaderChars characters kept of Subject, From and Message-ID: 998, RFC 5322's line limit
 * @param maxPartBytes   decoded bytes read from one text part; the rest of the part is skipped
 * @param maxTextBytes   decoded bytes read from all text parts together; the message is not read further
 */
public record MailLimits(int maxDepth, int maxParts, int maxHeaders, int maxHeaderBytes, int maxHeaderChars, int maxPartBytes,
                         int maxTextBytes) {

    public static final MailLimits DEFAULTS = new MailLimits(16, 1_000, 1_000, 1 << 20, 998, 1 << 20, 2 << 20);

    public MailLimits {
        if (maxDepth < 1 || maxParts < 1 || maxHeaders < 1 || maxHeaderBytes < 1 || maxHeaderChars < 1 || maxPartBytes < 1
                || maxTextBytes < 1) {
            throw new IllegalArgumentException("every mail limit must be positive: " + this);
        }
    }

    public MailLimits withMaxPartBytes(int bytes) {
        return new MailLimits(maxDepth, maxParts, maxHeaders, maxHeaderBytes, maxHeaderChars, bytes, maxTextBytes);
    }

    /**
     * Raw bytes of a header value read before decoding: enough for {@link #maxHeaderChars} characters
     * even when every one is a 4-byte UTF-8 character written as a quoted-printable encoded word (12
     * bytes), plus the encoded words' own markers.
     */
    int maxRawHeaderValueBytes() {
        return maxHeaderChars * 16;
    }
}
