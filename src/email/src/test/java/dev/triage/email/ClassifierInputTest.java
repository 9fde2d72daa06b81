package dev.triage.email;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClassifierInputTest {

    private static EmailContent email(String subject, String body) {
        return new EmailContent("<id>", "a@b", subject, body, false, List.of());
    }

    @Test
    void isTheSubjectThenTheStartOfTheBody() {
        assertThat(ClassifierInput.of(email("Hello", "line one\r\n\r\n\r\n\r\nline   two\t!"), 100))
                .isEqualTo("Hello\nline one\n\nline two !");
    }

    @Test
    void boundsTheBodyWithoutSplittingACharacter() {
        assertThat(ClassifierInput.of(email("S", "abcdef"), 3)).isEqualTo("S\nabc");
        String emoji = "ab\uD83D\uDE00cd";
        assertThat(ClassifierInput.of(email("S", emoji), 3)).isEqualTo("S\nab");
    }

    @Test
    void dropsControlCharacters() {
        assertThat(ClassifierInput.of(email("a\u0000b", "c\u0007d\uFFFDe"), 100)).isEqualTo("a b\nc d e");
    }
}
