package dev.triage.trainer.data;

/** Labelled data that cannot be read; the message names the file and line and what is wrong. */
public final class DataFormatException extends RuntimeException {

    public DataFormatException(String message) {
        super(message);
    }

    public DataFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
