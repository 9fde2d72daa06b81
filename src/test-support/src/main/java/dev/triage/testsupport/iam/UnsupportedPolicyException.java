package dev.triage.testsupport.iam;

/** A policy uses something this check does not evaluate (a policy variable, an unknown condition operator). */
public final class UnsupportedPolicyException extends RuntimeException {

    public UnsupportedPolicyException(String message) {
        super(message);
    }
}
