package dev.triage.function.model;

/**
 * A model bundle that could not be fetched or verified; the message names the location and the file.
 * Thrown at start-up, it stops the function: no request is answered by a half-loaded model.
 */
public final class ModelLoadException extends RuntimeException {

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
