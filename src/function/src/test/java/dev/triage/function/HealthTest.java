package dev.triage.function;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import io.quarkus.test.junit.QuarkusTest;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/** SmallRye Health over HTTP, as dev mode serves it at /q/health. */
@QuarkusTest
class HealthTest {

    int port() {
        return ConfigProvider.getConfig().getValue("quarkus.http.test-port", Integer.class);
    }

    @Test
    void readyWhenTheModelAnswersSanely() {
        given().port(port()).get("/q/health/ready").then().statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.name", hasItem("model"))
                .body("checks.find { it.name == 'model' }.data.model", equalTo("emotion-minilm-finetuned-int8@1"))
                .body("checks.find { it.name == 'model' }.data.labels", equalTo(6));
    }

    @Test
    void alive() {
        given().port(port()).get("/q/health/live").then().statusCode(200)
                .body("status", equalTo("UP")).body("checks.name", hasItem("process"));
    }
}
