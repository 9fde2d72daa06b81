package dev.triage.function.http;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The one shape of every error an HTTP caller gets:
 * {@code {"error": {"status": 400, "field": "text", "message": "...", "requestId": "..."}}};
 * {@code field} only where one field is at fault.
 */
public record ErrorResponse(Error error) {

    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Error(int status, String field, String message, String requestId) {
    }

    public static ErrorResponse of(int status, String field, String message, String requestId) {
        return new ErrorResponse(new Error(status, field, message, requestId));
    }
}
