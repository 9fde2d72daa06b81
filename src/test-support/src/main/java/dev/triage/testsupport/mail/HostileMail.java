package dev.triage.testsupport.mail;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Hostile e-mail messages, generated here (never read from data sets), one per trick a sender can
 * play on a MIME parser: nesting, part and header counts, sizes, charsets. Shared by the e-mail
 * module's tests, the function's end-to-end tests and the memory harness in src/benchmarks, so all
 * three try the same messages.
 */
public enum HostileMail {

    /** 10,000 multiparts, each the only part of the one above; a text part at the bottom. */
    DEEP_MULTIPART("multipart nested 10,000 deep") {
        @Override
        public byte[] bytes() {
            Builder mail = new Builder().header("Subject: deep multipart");
            int depth = 10_000;
            for (int level = 0; level < depth; level++) {
                mail.line("Content-Type: multipart/mixed; boundary=\"b" + level + "\"").line("").line("--b" + level);
            }
            mail.line("Content-Type: text/plain").line("").line("the bottom");
            for (int level = depth - 1; level >= 0; level--) {
                mail.line("--b" + level + "--");
            }
            return mail.bytes();
        }
    },

    /** 10,000 messages, each attached to the one above as message/rfc822. */
    DEEP_RFC822("message/rfc822 nested 10,000 deep") {
        @Override
        public byte[] bytes() {
            Builder mail = new Builder().header("Subject: deep attached messages");
            for (int level = 0; level < 10_000; level++) {
                mail.line("Content-Type: message/rfc822").line("").line("Subject: level " + level);
            }
            return mail.line("Content-Type: text/plain").line("").line("the bottom").bytes();
        }
    },

    /** One multipart of 100,000 small text parts. */
    HUNDRED_THOUSAND_PARTS("100,000 parts") {
        @Override
        public byte[] bytes() {
            Builder mail = new Builder().header("Subject: many parts").line("Content-Type: multipart/mixed; boundary=\"p\"").line("");
            for (int part = 0; part < 100_000; part++) {
                mail.line("--p").line("Content-Type: text/plain").line("").line("part " + part);
            }
            return mail.line("--p--").bytes();
        }
    },

    /** 12 text/html parts of 1 MiB each: 12 MiB of markup to reduce to text. */
    MANY_HTML_PARTS("12 text/html parts of 1 MiB") {
        @Override
        public byte[] bytes() {
            Builder mail = new Builder().header("Subject: heavy html").line("Content-Type: multipart/alternative; boundary=\"h\"").line("");
            String paragraph = "<p>Cheap offer, click <a href=\"http://example.com/x\">here</a> now &amp; win!</p>\r\n";
            for (int part = 0; part < 12; part++) {
                mail.line("--h").line("Content-Type: text/html; charset=utf-8").line("").raw("<html><body>");
                for (int written = 0; written < 1 << 20; written += paragraph.length()) {
                    mail.raw(paragraph);
                }
                mail.line("</body></html>");
            }
            return mail.line("--h--").bytes();
        }
    },

    /** Subject first, then a header of 1.1 MiB (folded lines), then a body. */
    HEADER_OVER_1_MIB("a 1.1 MiB header after the subject") {
        @Override
        public byte[] bytes() {
            Builder mail = new Builder().header("Subject: a very long header follows").raw("X-Junk: start");
            for (int written = 0; written < 1_150_000; written += 80) {
                mail.raw("\r\n " + "j".repeat(77));
            }
            return mail.line("").line("").line("the body after it").bytes();
        }
    },

    /** A 1.1 MiB header before anything a reader could use: nothing at all is readable. */
    HEADER_OVER_1_MIB_FIRST("a 1.1 MiB header before any other") {
        @Override
        public byte[] bytes() {
            Builder mail = new Builder().raw("X-Junk: start");
            for (int written = 0; written < 1_150_000; written += 80) {
                mail.raw("\r\n " + "j".repeat(77));
            }
            return mail.line("").line("Subject: too late").line("").line("body").bytes();
        }
    },

    /** 100,000 header fields. */
    MANY_HEADERS("100,000 header fields") {
        @Override
        public byte[] bytes() {
            Builder mail = new Builder().header("Subject: many headers");
            for (int header = 0; header < 100_000; header++) {
                mail.line("X-H" + header + ": v");
            }
            return mail.line("").line("body").bytes();
        }
    },

    /** A subject of 300,000 characters, folded into lines. */
    SUBJECT_300_KB("a 300 KB subject") {
        @Override
        public byte[] bytes() {
            Builder mail = new Builder().raw("Subject: win");
            for (int written = 0; written < 300_000; written += 78) {
                mail.raw("\r\n " + "win a prize ".repeat(6) + "now!!");
            }
            return mail.line("").line("From: prize@example.com").line("").line("claim it").bytes();
        }
    },

    /** UTF-16 tricks: a part labelled UTF-16 that is ASCII of odd length; a UTF-16LE part without BOM; lone surrogates in a subject. */
    UTF16_TRICKS("UTF-16: mislabelled ASCII, no BOM, lone surrogates in an encoded word") {
        @Override
        public byte[] bytes() {
            byte[] loneSurrogates = {(byte) 0xD8, 0x00, 0x00, 0x41, (byte) 0xDC, 0x00, (byte) 0xFF, (byte) 0xFE};
            return new Builder().header("Subject: =?UTF-16?B?" + Base64.getEncoder().encodeToString(loneSurrogates) + "?=")
                    .line("Content-Type: multipart/mixed; boundary=\"u\"").line("")
                    .line("--u").line("Content-Type: text/plain; charset=utf-16").line("").line("odd ascii text")
                    .line("--u").line("Content-Type: text/plain; charset=utf-16le").line("Content-Transfer-Encoding: base64").line("")
                    .line(Base64.getEncoder().encodeToString("free money now".getBytes(StandardCharsets.UTF_16LE)))
                    .line("--u--").bytes();
        }
    },

    /** UTF-7, which Java does not know: an HTML part and an encoded-word subject in it. */
    UTF7_TRICKS("UTF-7 charset on an HTML part and a subject") {
        @Override
        public byte[] bytes() {
            return new Builder().header("Subject: =?UTF-7?Q?+AGgAaQ-?=")
                    .line("Content-Type: text/html; charset=utf-7").line("")
                    .line("+ADw-script+AD4-alert(1)+ADw-/script+AD4-+ADw-p+AD4-buy now+ADw-/p+AD4-").bytes();
        }
    },

    /** A charset name of 1,000,000 characters, on the part and in an encoded-word subject. */
    CHARSET_NAME_1_MB("a 1 MB charset name") {
        @Override
        public byte[] bytes() {
            String name = "x".repeat(1_000_000);
            return new Builder().header("Subject: =?" + name + "?Q?hi?=").line("Content-Type: text/plain; charset=\"" + name + "\"")
                    .line("").line("caf\u00e9 text under a charset nobody knows").bytes();
        }
    },

    /** An HTML part whose elements nest 200,000 deep. */
    DEEP_HTML("HTML nested 200,000 elements deep") {
        @Override
        public byte[] bytes() {
            return new Builder().header("Subject: deep html").line("Content-Type: text/html").line("")
                    .raw("<div>".repeat(200_000)).raw("deep text").raw("</div>".repeat(200_000)).line("").bytes();
        }
    };

    private final String description;

    HostileMail(String description) {
        this.description = description;
    }

    /** What the message does, for reports. */
    public String description() {
        return description;
    }

    /** The raw message, generated afresh. */
    public abstract byte[] bytes();

    /** Lines joined with CRLF, as mail is written. */
    static final class Builder {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(1 << 16);

        Builder header(String line) {
            return line("From: sender@example.org").line("Message-ID: <hostile@example.org>").line("MIME-Version: 1.0").line(line);
        }

        Builder line(String line) {
            return raw(line).raw("\r\n");
        }

        Builder raw(String text) {
            out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
            return this;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
