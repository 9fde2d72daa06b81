package dev.triage.function.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ApiGatewayEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void readsARestApiEvent() throws Exception {
        ProxyRequest request = ApiGatewayEvents.read(JSON.readTree("{\"httpMethod\":\"post\",\"path\":\"/classify\","
                + "\"headers\":{\"Content-Type\":\"application/json\"},\"requestContext\":{\"requestId\":\"r1\"},\"body\":\"{}\"}")).orElseThrow();
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.headers()).containsEntry("content-type", "application/json");
        assertThat(new String(request.body(), StandardCharsets.UTF_8)).isEqualTo("{}");
        assertThat(request.requestId()).isEqualTo("r1");
    }

    @Test
    void readsAnHttpApiEventWithABase64Body() throws Exception {
        ProxyRequest request = ApiGatewayEvents.read(JSON.readTree("{\"version\":\"2.0\",\"rawPath\":\"/classify\","
                + "\"requestContext\":{\"requestId\":\"r2\",\"http\":{\"method\":\"GET\",\"path\":\"/health\"}},"
                + "\"body\":\"aGk=\",\"isBase64Encoded\":true}")).orElseThrow();
        assertThat(request.method()).isEqualTo("GET");
        assertThat(request.path()).isEqualTo("/health");
        assertThat(new String(request.body(), StandardCharsets.UTF_8)).isEqualTo("hi");
    }

    @Test
    void aDirectRequestIsNotAProxyEvent() throws Exception {
        assertThat(ApiGatewayEvents.read(JSON.readTree("{\"text\":\"hello\"}"))).isEmpty();
        assertThat(ApiGatewayEvents.read(JSON.readTree("{\"text\":\"hello\",\"httpMethod\":\"POST\"}"))).isEmpty();
        assertThat(ApiGatewayEvents.read(JSON.readTree("{\"version\":\"2.0\",\"requestContext\":{}}"))).isEmpty();
        assertThat(ApiGatewayEvents.read(JSON.readTree("[1]"))).isEmpty();
        assertThat(ApiGatewayEvents.read(null)).isEmpty();
    }
}
