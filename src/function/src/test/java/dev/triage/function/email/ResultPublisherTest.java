package dev.triage.function.email;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ResultPublisherTest {

    @Test
    void charactersSqsDoesNotCarryArePercentEncodedInTheAttribute() {
        assertThat(ResultPublisher.sqsSafe("s3://mail/in/plain key+1.eml?etag=abc")).isEqualTo("s3://mail/in/plain key+1.eml?etag=abc");
        assertThat(ResultPublisher.sqsSafe("s3://mail/a\u0001b\uFFFEc\uD800d\tcafé\uD83D\uDE00"))
                .isEqualTo("s3://mail/a%01b%EF%BF%BEc%EF%BF%BDd\tcafé\uD83D\uDE00");
    }
}
