package dev.triage.function.archive;

/** An archive event not of the Distributed Map's batch shape: no item of it can be processed, so the invocation fails. */
public final class InvalidArchiveEventException extends RuntimeException {

    public InvalidArchiveEventException(String message) {
        super(message);
    }
}
