package dev.triage.function.email;

/**
 * The object SES writes into the bucket when a receipt rule with an S3 action is created: the rule's
 * object key prefix followed by {@value #KEY_NAME} (so {@code in/AMAZON_SES_SETUP_NOTIFICATION}, or
 * {@code inAMAZON_SES_SETUP_NOTIFICATION} for a prefix without a slash), a short message saying SES
 * can write there. It is not mail: acknowledged and skipped, never classified or dead-lettered.
 * SES names received messages after their message id, lower-case letters and digits, so no real
 * message ends in this upper-case name.
 */
final class SesSetupNotification {

    static final String KEY_NAME = "AMAZON_SES_SETUP_NOTIFICATION";

    private SesSetupNotification() {
    }

    static boolean is(S3ObjectRef object) {
        return object.key().endsWith(KEY_NAME);
    }
}
