package dev.triage.function.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.triage.function.config.StrictJson;
import org.junit.jupiter.api.Test;

class S3NotificationsTest {

    private final S3Notifications notifications = new S3Notifications(StrictJson.configure(new ObjectMapper()));

    private static String record(String eventName, String key) {
        return "{\"eventSource\":\"aws:s3\",\"eventName\":\"" + eventName + "\",\"s3\":{\"bucket\":{\"name\":\"mail\"},"
                + "\"object\":{\"key\":\"" + key + "\",\"versionId\":\"v7\",\"eTag\":\"abc\"}}}";
    }

    @Test
    void decodesKeysAsS3EncodesThem() {
        assertThat(notifications.objectsCreated("{\"Records\":[" + record("ObjectCreated:Put", "in/a+b%2Bc%C3%A9.eml") + "]}"))
                .containsExactly(new S3ObjectRef("mail", "in/a b+cé.eml", "v7", "abc"));
    }

    @Test
    void theIdempotencyKeyPrefersTheVersion() {
        assertThat(new S3ObjectRef("mail", "k", "v7", "abc").idempotencyKey()).isEqualTo("s3://mail/k?versionId=v7");
        assertThat(new S3ObjectRef("mail", "k", null, "abc").idempotencyKey()).isEqualTo("s3://mail/k?etag=abc");
    }

    @Test
    void skipsEventsThatCreateNothingAndTheTestEvent() {
        assertThat(notifications.objectsCreated("{\"Records\":[" + record("ObjectRemoved:Delete", "x") + "]}")).isEmpty();
        assertThat(notifications.objectsCreated("{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\"}")).isEmpty();
    }

    @Test
    void refusesWhatIsNotAnS3Notification() {
        assertThatThrownBy(() -> notifications.objectsCreated("hello")).isInstanceOf(NotAnS3NotificationException.class)
                .hasMessageContaining("not JSON");
        assertThatThrownBy(() -> notifications.objectsCreated("{\"Records\":[{\"eventSource\":\"aws:sqs\"}]}"))
                .hasMessageContaining("not \"aws:s3\"");
        assertThatThrownBy(() -> notifications.objectsCreated("{\"foo\":1}")).hasMessageContaining("no 'Records' array");
        assertThatThrownBy(() -> notifications.objectsCreated("")).hasMessageContaining("empty");
        assertThatThrownBy(() -> notifications.objectsCreated("{\"Records\":[" + record("ObjectCreated:Put", "in/%zz.eml") + "]}"))
                .isInstanceOf(NotAnS3NotificationException.class).hasMessageContaining("not URL-encoded as S3 encodes keys");
        assertThatThrownBy(() -> notifications.objectsCreated("{\"Records\":[]} trailing"))
                .isInstanceOf(NotAnS3NotificationException.class).hasMessageContaining("not JSON");
    }

    @Test
    void recognisesTheObjectSesWritesWhenItsReceiptRuleIsCreated() {
        assertThat(SesSetupNotification.is(new S3ObjectRef("mail", "in/AMAZON_SES_SETUP_NOTIFICATION", null, "e")))
                .isTrue();
        assertThat(SesSetupNotification.is(new S3ObjectRef("mail", "inAMAZON_SES_SETUP_NOTIFICATION", null, "e")))
                .as("an object key prefix without a slash").isTrue();
        assertThat(SesSetupNotification.is(new S3ObjectRef("mail", "in/o3vn8pqs2e6lq0k1c4ghpt8jb0m5i0c1dgs7qt81", null, "e")))
                .as("a message SES stored").isFalse();
    }
}
