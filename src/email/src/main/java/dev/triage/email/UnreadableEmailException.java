package dev.triage.email;

import java.io.IOException;

/**
 * A message from which nothing at all can be read: its structure broke, or a limit was reached,
 * before any header Triage reads or any text. Reading it again would fail again the same way.
 */
public final class UnreadableEmailException extends IOException {

    public UnreadableEmailException(String message) {
        super(message);
    }
}
