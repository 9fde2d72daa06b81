package dev.triage.email;

/**
 * The text a model reads for an e-mail: the subject, a line break, then the start of the body text,
 * whitespace tidied. Training and serving both build it here, so a model sees in production exactly
 * what it was trained on. Its parts come bounded from {@link EmailParser} (a subject of at most
 * {@link MailLimits#maxHeaderChars()} characters, a body of at most {@link MailLimits#maxTextBytes()}
 * bytes of text), so tidying never works on an unbounded text. The body is cut to a number of
 * characters before tokenizing only to bound the tokenizer's work; the model's own max sequence
 * length cuts it again, in tokens.
 */
public final class ClassifierInput {

    /** About four times a 512-token window: the tokenizer, not this limit, decides what the model sees. */
    public static final int DEFAULT_MAX_BODY_CHARS = 2000;

    private ClassifierInput() {
    }

    public static String of(EmailContent email, int maxBodyChars) {
        if (maxBodyChars < 0) {
            throw new IllegalArgumentException("maxBodyChars must not be negative: " + maxBodyChars);
        }
        String subject = tidy(email.subject());
        String body = tidy(email.body());
        body = TextDecoding.cut(body, maxBodyChars); // never splits a character in two
        return (subject + "\n" + body).strip();
    }

    /** Line endings to \n, control characters out, runs of blanks and of blank lines squeezed. */
    static String tidy(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        String cleaned = text.replace("\r\n", "\n").replace('\r', '\n')
                .replaceAll("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F\\uFFFD]", " ")
                .replace('\u00A0', ' ');
        cleaned = cleaned.replaceAll("[ \\t]+", " ").replaceAll(" ?\n ?", "\n").replaceAll("\n{3,}", "\n\n");
        return cleaned.strip();
    }
}
