package dev.triage.function.http;

/**
 * A request the function will not process, with a message that names the field and what is wrong
 * with it. Lambda reports it as the error type {@code InvalidRequestException}; behind API Gateway
 * it becomes HTTP 400 (or 413 for a body that is too large).
 */
public final class InvalidRequestException extends RuntimeException {

    private final int httpStatus;
    private final String field;

    public InvalidRequestException(String field, String message) {
        this(400, field, message);
    }

    public InvalidRequestException(int httpStatus, String field, String message) {
        super(message, null, false, false); // a client error: no stack trace to fill or log
        this.httpStatus = httpStatus;
        this.field = field;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The request field at fault, or null when the request as a whole is. */
    public String field() {
        return field;
    }

    /**
     * Funqy wraps a function's exception and reports its {@code toString()} as Lambda's errorMessage;
     * the short name keeps that message readable: "InvalidRequestException: 'text' is empty ...".
     */
    @Override
    public String toString() {
        return getClass().getSimpleName() + ": " + getMessage();
    }
}
