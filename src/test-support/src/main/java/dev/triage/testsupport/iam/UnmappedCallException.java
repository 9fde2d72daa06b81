package dev.triage.testsupport.iam;

/** A recorded call this check cannot translate into IAM requests (an operation without a mapping, a resource without a binding). */
public final class UnmappedCallException extends RuntimeException {

    public UnmappedCallException(String message) {
        super(message);
    }
}
