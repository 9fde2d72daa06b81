package dev.triage.function.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class S3NotificationsTest {

    private static String record(String eventName, String key) {
        return "{\"eventSource\":\"aws:s3\",\"eventName\":\"" + eventName + "\",\"s3\":{\"bucket\":{\"name\":\"mail\"},"
                + "\"object\":{\"key\":\"" + key + "\",\"versionId\":\"v7\",\"eTag\":\"abc\"}}}";
    }

    @Test
    void decodesKeysAsS3EncodesThem() {
        assertThat(S3Notifications.objectsCreated("{\"Records\":[" + record("ObjectCreated:Put", "in/a+b%2Bc%C3%A9.eml") + "]}"))
                .containsExactly(new S3ObjectRef("mail", "in/a b+cé.eml", "v7", "abc"));
    }

    @Test
    void theIdempotencyKeyPrefersTheVersion() {
        assertThat(new S3ObjectRef("mail", "k", "v7", "abc").idempotencyKey()).isEqualTo("s3://mail/k?versionId=v7");
        assertThat(new S3ObjectRef("mail", "k", null, "abc").idempotencyKey()).isEqualTo("s3://mail/k?etag=abc");
    }

    @Test
    void skipsEventsThatCreateNothingAndTheTestEvent() {
        assertThat(S3Notifications.objectsCreated("{\"Records\":[" + record("ObjectRemoved:Delete", "x") + "]}")).isEmpty();
        assertThat(S3Notifications.objectsCreated("{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\"}")).isEmpty();
    }

    @Test
    void refusesWhatIsNotAnS3Notification() {
        assertThatThrownBy(() -> S3Notifications.objectsCreated("hello")).isInstanceOf(NotAnS3NotificationException.class)
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> S3Notifications.objectsCreated("{\"Records\":[{\"eventSource\":\"aws:sqs\"}]}"))
                .hasMessageContaining("not \"aws:s3\"");
        assertThatThrownBy(() -> S3Notifications.objectsCreated("{\"foo\":1}")).hasMessageContaining("no 'Records' array");
        assertThatThrownBy(() -> S3Notifications.objectsCreated("")).hasMessageContaining("empty");
    }
}
