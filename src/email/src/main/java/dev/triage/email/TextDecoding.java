package dev.triage.email;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;

/**
 * Bytes of a message part or header to text, never failing. A declared charset that Java knows is
 * honoured (bad bytes become U+FFFD). Where the charset is missing, unknown, or claims US-ASCII for
 * 8-bit bytes (common in old mail), the bytes are tried as strict UTF-8 and otherwise read as
 * windows-1252, which maps every byte and is what ISO-8859-1 mail usually really is.
 */
final class TextDecoding {

    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

    /** Decoded text and, when the declared charset was not used as is, why. */
    record Decoded(String text, String fallbackNote) {
    }

    private TextDecoding() {
    }

    static Decoded decode(byte[] bytes, String declaredCharset) {
        Charset declared = lookup(declaredCharset);
        if (declared != null && !declared.equals(StandardCharsets.US_ASCII)) {
            // ISO-8859-1 labels are read as windows-1252, as browsers do: the C1 range is never control codes in mail.
            Charset charset = declared.equals(StandardCharsets.ISO_8859_1) ? WINDOWS_1252 : declared;
            return new Decoded(lenient(bytes, charset), null);
        }
        if (isAscii(bytes)) {
            return new Decoded(new String(bytes, StandardCharsets.US_ASCII), null);
        }
        String what = declaredCharset == null || declaredCharset.isBlank() ? "no charset"
                : declared == null ? "unknown charset '" + shortened(declaredCharset) + "'" : "US-ASCII with 8-bit bytes";
        String utf8 = strictUtf8(bytes);
        if (utf8 != null) {
            return new Decoded(utf8, what + ": read as UTF-8");
        }
        return new Decoded(new String(bytes, WINDOWS_1252), what + ": read as windows-1252");
    }

    /** Header bytes: UTF-8 where they are valid UTF-8 (RFC 6532), else windows-1252. */
    static String decodeHeader(byte[] bytes) {
        if (isAscii(bytes)) {
            return new String(bytes, StandardCharsets.US_ASCII);
        }
        String utf8 = strictUtf8(bytes);
        return utf8 != null ? utf8 : new String(bytes, WINDOWS_1252);
    }

    static Charset lookup(String name) {
        if (name == null || name.isBlank() || name.length() > 100) {
            return null; // no charset has a longer name; a longer one is a trick, not a charset
        }
        String cleaned = name.trim().replace("\"", "").replace("'", "");
        try {
            return Charset.isSupported(cleaned) ? Charset.forName(cleaned) : null;
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return null;
        }
    }

    /** Text cut to {@code maxChars} characters, never between the two halves of a surrogate pair. */
    static String cut(String text, int maxChars) {
        if (text.length() <= maxChars) {
            return text;
        }
        int cut = maxChars > 0 && Character.isHighSurrogate(text.charAt(maxChars - 1)) ? maxChars - 1 : maxChars;
        return text.substring(0, cut);
    }

    /** What a message said, for a note: at most 100 characters, so a megabyte-long charset name stays out of logs. */
    static String shortened(String said) {
        if (said == null) {
            return "";
        }
        return said.length() <= 100 ? said : cut(said, 100) + "... (" + said.length() + " characters)";
    }

    private static String lenient(byte[] bytes, Charset charset) {
        try {
            return charset.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                    .onUnmappableCharacter(CodingErrorAction.REPLACE).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException | RuntimeException e) {
            // Some legacy decoders throw even in REPLACE mode; windows-1252 never does.
            return new String(bytes, WINDOWS_1252);
        }
    }

    private static String strictUtf8(byte[] bytes) {
        try {
            CharBuffer chars = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
            return chars.toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    private static boolean isAscii(byte[] bytes) {
        for (byte b : bytes) {
            if (b < 0) {
                return false;
            }
        }
        return true;
    }
}
