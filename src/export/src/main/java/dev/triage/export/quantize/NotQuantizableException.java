package dev.triage.export.quantize;

/** A model the int8 rewrite refuses; the message names the file and says why. */
public final class NotQuantizableException extends IllegalArgumentException {

    public NotQuantizableException(String message) {
        super(message);
    }
}
