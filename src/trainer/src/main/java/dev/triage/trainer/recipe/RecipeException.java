package dev.triage.trainer.recipe;

/** A recipe that cannot be used; the message names the file and field. */
public final class RecipeException extends RuntimeException {

    public RecipeException(String message) {
        super(message);
    }

    public RecipeException(String message, Throwable cause) {
        super(message, cause);
    }
}
