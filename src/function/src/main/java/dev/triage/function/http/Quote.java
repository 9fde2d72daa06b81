package dev.triage.function.http;

/**
 * What a caller sent, as an error message may quote it: at most {@value #MAX_CHARS} characters, so
 * that a megabyte-long field name or number never travels back in a response or into a log line.
 */
public final class Quote {

    public static final int MAX_CHARS = 100;

    private Quote() {
    }

    public static String of(String sent) {
        if (sent == null) {
            return "null";
        }
        if (sent.length() <= MAX_CHARS) {
            return sent;
        }
        int cut = Character.isHighSurrogate(sent.charAt(MAX_CHARS - 1)) ? MAX_CHARS - 1 : MAX_CHARS;
        return sent.substring(0, cut) + "... (" + sent.length() + " characters)";
    }
}
