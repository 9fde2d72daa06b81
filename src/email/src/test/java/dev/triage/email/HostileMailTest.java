package dev.triage.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.triage.testsupport.mail.HostileMail;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Each hostile message, generated, through the parser: it yields a result (what came before the
 * limit, the cut said) or {@link UnreadableEmailException}, never a crash; and it stops early, so
 * memory and time are bounded by the limits, not by the message. Bounds are asserted on what is
 * counted (bytes read from the message, bytes allocated by the parse), not on the clock; the timeout
 * only catches a hang. Figures for the worst message: src/benchmarks' HostileMailMemory.
 */
class HostileMailTest {

    /** Allocated by one parse, garbage included: far above what the limits allow, far below what a message could cost unbounded. */
    private static final long MAX_ALLOCATED_BYTES = 400L << 20;

    private final EmailParser parser = new EmailParser();

    private record Parsed(EmailContent email, long bytesRead, long bytesOffered, long allocated) {
    }

    private Parsed parse(HostileMail mail) throws IOException {
        byte[] message = mail.bytes();
        CountingStream in = new CountingStream(new ByteArrayInputStream(message));
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        EmailContent email = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> parser.parse(in), mail + " hangs");
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        assertThat(allocated).as(mail + ": bytes allocated by the parse").isLessThan(MAX_ALLOCATED_BYTES);
        assertThat(email.notes()).allSatisfy(note -> assertThat(note).hasSizeLessThan(400));
        assertThat(email.cuts()).allSatisfy(cut -> assertThat(cut).hasSizeLessThan(400));
        assertThat(email.subject().length()).isLessThanOrEqualTo(998);
        return new Parsed(email, in.count, message.length, allocated);
    }

    @Test
    void deepMultipartNestingIsCutAtTheDepthLimit() throws IOException {
        Parsed parsed = parse(HostileMail.DEEP_MULTIPART);
        assertThat(parsed.email().subject()).isEqualTo("deep multipart");
        assertThat(parsed.email().cuts()).anyMatch(cut -> cut.startsWith("nested deeper than 16 levels"));
        assertThat(parsed.bytesRead()).as("stops early").isLessThan(parsed.bytesOffered() / 10);
    }

    @Test
    void deepAttachedMessagesAreCutAtTheDepthLimit() throws IOException {
        Parsed parsed = parse(HostileMail.DEEP_RFC822);
        assertThat(parsed.email().subject()).as("the top message's own subject").isEqualTo("deep attached messages");
        assertThat(parsed.email().cuts()).anyMatch(cut -> cut.startsWith("nested deeper than 16 levels"));
        assertThat(parsed.bytesRead()).isLessThan(parsed.bytesOffered() / 10);
    }

    @Test
    void aHundredThousandPartsAreCutAtTheirLimit() throws IOException {
        Parsed parsed = parse(HostileMail.HUNDRED_THOUSAND_PARTS);
        assertThat(parsed.email().body()).contains("part 0").contains("part 999").doesNotContain("part 1000");
        assertThat(parsed.email().cuts()).containsExactly("more than 1000 parts: the rest of the message was not read");
        assertThat(parsed.bytesRead()).isLessThan(parsed.bytesOffered() / 10);
    }

    @Test
    void manyMegabyteHtmlPartsStopAtTheTextLimitBeforeBeingCleaned() throws IOException {
        Parsed parsed = parse(HostileMail.MANY_HTML_PARTS);
        assertThat(parsed.email().htmlOnly()).isTrue();
        assertThat(parsed.email().body()).contains("Cheap offer, click here now & win!").doesNotContain("<p>");
        assertThat(parsed.email().cuts()).contains("text parts over 2097152 bytes in all: the rest of the message was not read");
        assertThat(parsed.bytesRead()).as("two of 12 parts read").isLessThan(parsed.bytesOffered() / 4);
    }

    @Test
    void aHeaderOverOneMebibyteStopsTheReadingAndKeepsWhatCameBefore() throws IOException {
        Parsed parsed = parse(HostileMail.HEADER_OVER_1_MIB);
        assertThat(parsed.email().subject()).isEqualTo("a very long header follows");
        assertThat(parsed.email().cuts()).containsExactly("a header field over 1048576 bytes: the rest of the message was not read");
    }

    @Test
    void aHeaderOverOneMebibyteBeforeAnythingReadableMakesTheMessageUnreadable() {
        assertThatThrownBy(() -> parser.parse(new ByteArrayInputStream(HostileMail.HEADER_OVER_1_MIB_FIRST.bytes())))
                .isInstanceOf(UnreadableEmailException.class)
                .hasMessage("nothing readable before the reading stopped: a header field over 1048576 bytes: the rest of the message was not read");
    }

    @Test
    void aHundredThousandHeadersStopAtTheHeaderLimit() throws IOException {
        Parsed parsed = parse(HostileMail.MANY_HEADERS);
        assertThat(parsed.email().subject()).isEqualTo("many headers");
        assertThat(parsed.email().cuts()).containsExactly("more than 1000 header fields in one header section: the rest of the message was not read");
        assertThat(parsed.bytesRead()).isLessThan(parsed.bytesOffered() / 10);
    }

    @Test
    void aThreeHundredKilobyteSubjectIsCutTo998CharactersAndSaysSo() throws IOException {
        Parsed parsed = parse(HostileMail.SUBJECT_300_KB);
        assertThat(parsed.email().subject()).hasSize(998).startsWith("win win a prize");
        assertThat(parsed.email().from()).isEqualTo("prize@example.com");
        assertThat(parsed.email().body()).contains("claim it");
        assertThat(parsed.email().cuts()).singleElement().asString().matches("Subject of \\d+ bytes: cut to 998 characters");
    }

    @Test
    void utf16TricksDecodeToTextWithoutFailing() throws IOException {
        Parsed parsed = parse(HostileMail.UTF16_TRICKS);
        assertThat(parsed.email().body()).contains("free money now");
        assertThat(parsed.email().cuts()).isEmpty();
    }

    @Test
    void utf7IsAnUnknownCharsetAndStaysAsSent() throws IOException {
        Parsed parsed = parse(HostileMail.UTF7_TRICKS);
        assertThat(parsed.email().body()).as("UTF-7 is not decoded: its escapes stay text").contains("+ADw-script+AD4-");
        assertThat(parsed.email().subject()).isEqualTo("=?UTF-7?Q?+AGgAaQ-?=");
        assertThat(parsed.email().cuts()).isEmpty();
    }

    @Test
    void aMegabyteCharsetNameIsUnknownAndNeverQuotedWhole() throws IOException {
        Parsed parsed = parse(HostileMail.CHARSET_NAME_1_MB);
        assertThat(parsed.email().body()).contains("café text under a charset nobody knows");
        assertThat(parsed.email().cuts()).anyMatch(cut -> cut.startsWith("Subject of "))
                .anyMatch(cut -> cut.equals("Content-Type header of 1000036 bytes: cut to 65536"));
    }

    @Test
    void deeplyNestedHtmlIsReducedToItsText() throws IOException {
        Parsed parsed = parse(HostileMail.DEEP_HTML);
        assertThat(parsed.email().body()).contains("deep text");
    }

    /** Counts the bytes the parser took from the message. */
    private static final class CountingStream extends FilterInputStream {
        long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count += b >= 0 ? 1 : 0;
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count += Math.max(n, 0);
            return n;
        }
    }
}
