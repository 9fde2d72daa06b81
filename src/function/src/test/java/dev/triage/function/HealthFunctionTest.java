package dev.triage.function;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code health} export, as a deployed Lambda is checked: invoked directly, and as GET /health. */
@QuarkusTest
@TestProfile(HealthFunctionTest.HealthExport.class)
class HealthFunctionTest {

    public static class HealthExport implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.funqy.export", "health", "triage.inference.intra-op-threads", "1");
        }
    }

    @Test
    void invokedDirectlyItReturnsTheReadinessReport() {
        given().body("{}").post().then().statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("UP"))
                .body("checks.find { it.name == 'model' }.data.model", org.hamcrest.Matchers.equalTo("emotion-minilm-finetuned-int8@1"));
    }

    @Test
    void getHealthThroughApiGatewayIs200WithTheReport() {
        ObjectNode event = ApiGatewayClassifyTest.restEvent(null);
        event.put("httpMethod", "GET").put("path", "/health").put("resource", "/health");
        JsonNode response = ApiGatewayClassifyTest.invoke(event);
        assertThat(response.path("statusCode").asInt()).isEqualTo(200);
        JsonNode report = ApiGatewayClassifyTest.body(response);
        assertThat(report.path("status").asText()).isEqualTo("UP");
        assertThat(report.path("checks").findValuesAsText("name")).contains("model");
    }

    @Test
    void postOnHealthIs405() {
        ObjectNode event = ApiGatewayClassifyTest.restEvent("{}");
        event.put("path", "/health");
        JsonNode response = ApiGatewayClassifyTest.invoke(event);
        assertThat(response.path("statusCode").asInt()).isEqualTo(405);
    }
}
