package dev.triage.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** Crafted messages, one per trap a real mailbox sets. */
class EmailParserTest {

    private final EmailParser parser = new EmailParser();

    private EmailContent parse(String message) throws IOException {
        return parse(message.getBytes(StandardCharsets.UTF_8));
    }

    private EmailContent parse(byte[] message) throws IOException {
        return parser.parse(new ByteArrayInputStream(message));
    }

    @Test
    void readsHeadersAndAPlainBody() throws IOException {
        EmailContent email = parse("""
                From: Alice <alice@example.org>\r
                To: bob@example.org\r
                Subject: Lunch on\r
                 Friday?\r
                Message-ID: <1234@example.org>\r
                X-Spam-Status: Yes, score=99\r
                \r
                Shall we meet at noon?\r
                """);
        assertThat(email.from()).isEqualTo("Alice <alice@example.org>");
        assertThat(email.subject()).isEqualTo("Lunch on Friday?");
        assertThat(email.messageId()).isEqualTo("<1234@example.org>");
        assertThat(email.body()).isEqualTo("Shall we meet at noon?\r\n");
        assertThat(email.htmlOnly()).isFalse();
        assertThat(email.notes()).isEmpty();
    }

    @Test
    void skipsTheMboxSeparatorLineThatMailboxExportsStartWith() throws IOException {
        EmailContent email = parse("""
                From alice@example.org Mon Jul 29 11:39:21 2002\r
                Return-Path: <alice@example.org>\r
                Received: from mail.example.org by mx.example.net\r
                From: Alice <alice@example.org>\r
                Subject: Lunch\r
                X-Spam-Status: No, hits=-5.0\r
                \r
                Noon at the usual place?\r
                """);
        assertThat(email.subject()).isEqualTo("Lunch");
        assertThat(email.from()).isEqualTo("Alice <alice@example.org>");
        assertThat(email.body()).isEqualTo("Noon at the usual place?\r\n").doesNotContain("Received").doesNotContain("X-Spam");
    }

    @Test
    void decodesEncodedWordsQuotedPrintableAndBase64() throws IOException {
        String base64 = Base64.getMimeEncoder().encodeToString("Grüße aus Köln".getBytes(StandardCharsets.UTF_8));
        EmailContent email = parse("""
                Subject: =?UTF-8?Q?Gr=C3=BC=C3=9Fe?= =?ISO-8859-1?B?aOlsbG8=?=\r
                MIME-Version: 1.0\r
                Content-Type: multipart/mixed; boundary="b1"\r
                \r
                --b1\r
                Content-Type: text/plain; charset=iso-8859-1\r
                Content-Transfer-Encoding: quoted-printable\r
                \r
                Caf=E9 cr=E8me, tr=\r
                =E8s bien\r
                --b1\r
                Content-Type: text/plain; charset=utf-8\r
                Content-Transfer-Encoding: base64\r
                \r
                """ + base64 + "\r\n--b1--\r\n");
        assertThat(email.subject()).isEqualTo("Grüßehéllo");
        assertThat(email.body()).contains("Café crème, très bien").contains("Grüße aus Köln");
    }

    @Test
    void prefersThePlainAlternativeAndReducesHtmlOnlyMailToText() throws IOException {
        String alternative = """
                Subject: both\r
                Content-Type: multipart/alternative; boundary=x\r
                \r
                --x\r
                Content-Type: text/plain\r
                \r
                plain words\r
                --x\r
                Content-Type: text/html\r
                \r
                <p>html words</p>\r
                --x--\r
                """;
        assertThat(parse(alternative).body()).contains("plain words").doesNotContain("html words");

        EmailContent htmlOnly = parse("""
                Subject: offer\r
                Content-Type: text/html; charset=utf-8\r
                \r
                <html><head><style>p {color: red}</style><script>var x = 1;</script></head>\r
                <body><h1>Cheap&nbsp;pills</h1><p>Buy <a href="http://x">now</a>!</p><!-- hidden --></body></html>\r
                """);
        assertThat(htmlOnly.htmlOnly()).isTrue();
        assertThat(ClassifierInput.tidy(htmlOnly.body())).isEqualTo("Cheap pills\n\nBuy now!");
    }

    @Test
    void fallsBackFromAnUnknownOrMissingCharsetWithoutLosingText() throws IOException {
        byte[] latin1 = "Subject: x\r\nContent-Type: text/plain; charset=x-no-such-charset\r\n\r\nna\u00efve caf\u00e9\r\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        EmailContent unknown = parse(latin1);
        assertThat(unknown.body()).contains("naïve café");
        assertThat(unknown.notes()).anyMatch(note -> note.contains("unknown charset 'x-no-such-charset': read as windows-1252"));

        byte[] utf8 = "Subject: x\r\n\r\nna\u00efve caf\u00e9 \u2014 ok\r\n".getBytes(StandardCharsets.UTF_8);
        EmailContent undeclared = parse(utf8);
        assertThat(undeclared.body()).contains("naïve café — ok");
        assertThat(undeclared.notes()).anyMatch(note -> note.contains("no charset: read as UTF-8"));
    }

    @Test
    void readsA8BitSubjectByTheSameRules() throws IOException {
        byte[] message = "Subject: D\u00e9j\u00e0 vu\r\n\r\nbody\r\n".getBytes(Charset.forName("windows-1252"));
        assertThat(parse(message).subject()).isEqualTo("Déjà vu");
    }

    @Test
    void survivesMalformedMime() throws IOException {
        EmailContent noBoundary = parse("""
                Subject: broken\r
                Content-Type: multipart/mixed\r
                \r
                text without any boundary\r
                """);
        assertThat(noBoundary.subject()).isEqualTo("broken");

        EmailContent badEncoding = parse("""
                Subject: bad base64\r
                Content-Type: text/plain\r
                Content-Transfer-Encoding: base64\r
                \r
                !!!not base64 at all***\r
                """);
        assertThat(badEncoding.subject()).isEqualTo("bad base64");

        EmailContent unterminated = parse("""
                Subject: cut off\r
                Content-Type: multipart/mixed; boundary=zz\r
                \r
                --zz\r
                Content-Type: text/plain\r
                \r
                the only part, never closed""");
        assertThat(unterminated.body()).contains("the only part, never closed");

        EmailContent notMail = parse(new byte[] {0, 1, 2, (byte) 0xff, (byte) 0xfe, 10, 13, 0});
        assertThat(notMail.subject()).isEmpty();
    }

    @Test
    void anEmptyMessageIsEmptyNotAnError() throws IOException {
        EmailContent empty = parse(new byte[0]);
        assertThat(empty.subject()).isEmpty();
        assertThat(empty.body()).isEmpty();
        assertThat(ClassifierInput.of(empty, 100)).isEmpty();

        EmailContent headersOnly = parse("Subject: nothing else\r\n\r\n");
        assertThat(ClassifierInput.of(headersOnly, 100)).isEqualTo("nothing else");
    }

    @Test
    void skipsAttachmentsWithoutReadingThemIntoMemory() throws IOException {
        String head = "Subject: report\r\nContent-Type: multipart/mixed; boundary=B\r\n\r\n"
                + "--B\r\nContent-Type: text/plain\r\n\r\nsee attached\r\n"
                + "--B\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=big.pdf\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\n";
        String line = "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB\r\n";
        long attachmentBytes = 20L << 20;
        InputStream message = new java.io.SequenceInputStream(java.util.Collections.enumeration(java.util.List.of(
                new ByteArrayInputStream(head.getBytes(StandardCharsets.US_ASCII)),
                new RepeatingStream(line.getBytes(StandardCharsets.US_ASCII), attachmentBytes),
                new ByteArrayInputStream("\r\n--B\r\nContent-Type: text/plain\r\n\r\nthanks\r\n--B--\r\n".getBytes(StandardCharsets.US_ASCII)))));
        EmailContent email = parser.parse(message);
        assertThat(email.body()).contains("see attached").contains("thanks").doesNotContain("AAAA");
    }

    @Test
    void cutsAHugeTextPartAndSaysSo() throws IOException {
        EmailParser small = new EmailParser(1000);
        EmailContent email = small.parse(new ByteArrayInputStream(("Subject: long\r\n\r\n" + "word ".repeat(1000))
                .getBytes(StandardCharsets.US_ASCII)));
        assertThat(email.body()).hasSize(1000);
        assertThat(email.cuts()).anyMatch(cut -> cut.contains("longer than 1000 bytes"));
    }

    /** A stream of one line repeated up to a length, so a 20 MB attachment needs no 20 MB array. */
    static final class RepeatingStream extends InputStream {
        private final byte[] line;
        private final long length;
        private long position;

        RepeatingStream(byte[] line, long length) {
            this.line = line;
            this.length = length;
        }

        @Override
        public int read() {
            return position < length ? line[(int) (position++ % line.length)] : -1;
        }
    }
}
