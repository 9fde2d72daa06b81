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
 * @param notes     what had to be guessed or skipped (a charset fallback, a part cut short, a
 *                  parse error recovered from), for logs; never part of the classifier's input
 */
public record EmailContent(String messageId, String from, String subject, String body, boolean htmlOnly,
                           List<String> notes) {

    public EmailContent {
        notes = List.copyOf(notes);
    }
}
