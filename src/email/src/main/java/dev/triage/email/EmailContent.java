package dev.triage.email;

import java.util.List;

/**
 * What Triage reads from one e-mail: the identifying headers and the body as plain text.
 *
 * @param messageId the Message-ID header, angle brackets kept; empty when the message has none
 * @param from      the From header, encoded words decoded; empty when absent
 * @param subject   the Subject header, encoded words decoded; empty when absent
 * @param body      the body text: the text/plain parts, else the text/html parts reduced to text
 * @param htmlOnly  whether the body came from HTML because the message had no plain-text part
 * @param notes     what had to be guessed or skipped (a charset fallback, a parse error recovered
 *                  from), for logs; never part of the classifier's input
 * @param cuts      what was cut at one of the {@link MailLimits} (a header over 998 characters, a
 *                  part or the text over its byte limit, parts beyond the limit or too deep), one
 *                  line each, for the result and the log; empty for a message read whole
 */
public record EmailContent(String messageId, String from, String subject, String body, boolean htmlOnly,
                           List<String> notes, List<String> cuts) {

    public EmailContent {
        notes = List.copyOf(notes);
        cuts = List.copyOf(cuts);
    }

    public EmailContent(String messageId, String from, String subject, String body, boolean htmlOnly, List<String> notes) {
        this(messageId, from, subject, body, htmlOnly, notes, List.of());
    }
}
