package dev.triage.function;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code classify} behind API Gateway: the events are the exact shapes API Gateway sends (REST API
 * proxy integration, payload 1.0, and HTTP API, payload 2.0), and the assertions are on what the
 * HTTP caller gets: the status code and the JSON body API Gateway passes on.
 */
@QuarkusTest
class ApiGatewayClassifyTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static ObjectNode event(String fixture) {
        try (InputStream in = ApiGatewayClassifyTest.class.getResourceAsStream("/events/" + fixture)) {
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode restEvent(String body) {
        ObjectNode event = event("apigateway-rest-post-classify.json");
        if (body == null) {
            event.putNull("body");
        } else {
            event.put("body", body);
        }
        return event;
    }

    /** Sends a proxy event through the Lambda mock event server; returns the proxy response. */
    static JsonNode invoke(JsonNode event) {
        String response = given().body(event.toString()).post().then().statusCode(200).extract().asString();
        try {
            return JSON.readTree(response);
        } catch (IOException e) {
            throw new IllegalStateException(response, e);
        }
    }

    static JsonNode body(JsonNode proxyResponse) {
        assertThat(proxyResponse.path("headers").path("Content-Type").asText()).isEqualTo("application/json");
        assertThat(proxyResponse.path("isBase64Encoded").asBoolean(true)).isFalse();
        try {
            return JSON.readTree(proxyResponse.path("body").asText());
        } catch (IOException e) {
            throw new IllegalStateException(proxyResponse.toString(), e);
        }
    }

    @Test
    void aRestApiProxyEventGets200AndTheClassification() {
        JsonNode response = invoke(event("apigateway-rest-post-classify.json"));
        assertThat(response.path("statusCode").asInt()).isEqualTo(200);
        JsonNode body = body(response);
        assertThat(body.path("label").asText()).isEqualTo("joy");
        assertThat(body.path("scores")).hasSize(2);
        assertThat(body.path("model").asText()).isEqualTo("emotion-minilm-finetuned-int8@1");
    }

    @Test
    void anHttpApiEventWithABase64BodyIsAnsweredToo() {
        JsonNode response = invoke(event("apigateway-http-post-classify.json"));
        assertThat(response.path("statusCode").asInt()).isEqualTo(200);
        assertThat(body(response).path("label").asText()).isEqualTo("anger");
    }

    @Test
    void aBatchOverHttp() {
        JsonNode response = invoke(restEvent("{\"texts\": [\"i feel so sad and lonely\", \"what a wonderful happy day\"]}"));
        assertThat(response.path("statusCode").asInt()).isEqualTo(200);
        JsonNode results = body(response).path("results");
        assertThat(results).hasSize(2);
        assertThat(results.get(0).path("label").asText()).isEqualTo("sadness");
        assertThat(results.get(1).path("label").asText()).isEqualTo("joy");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{}                                  | text  | missing 'text' (a string) or 'texts' (an array of strings)",
            "{\"text\": \"\"}                    | text  | 'text' is empty: there is nothing to classify",
            "{\"text\": \"   \"}                 | text  | 'text' is empty",
            "{\"text\": 42}                      | text  | 'text' must be a string, not a number",
            "{\"text\": null}                    | text  | 'text' must be a string, not null",
            "{\"text\": [\"a\"]}                 | text  | 'text' must be a string, not an array",
            "{\"texts\": \"hello\"}              | texts | 'texts' must be an array of strings, not a string",
            "{\"texts\": []}                     | texts | 'texts' is empty: send at least one text",
            "{\"texts\": [\"fine\", 7]}          | texts[1] | 'texts[1]' must be a string, not a number",
            "{\"texts\": [\"fine\", \"\"]}       | texts[1] | 'texts[1]' is empty",
            "{\"text\": \"a\", \"texts\": [\"b\"]} | text | give either 'text' or 'texts', not both",
            "{\"text\": \"a\", \"topK\": 0}      | topK  | 'topK' must be an integer from 1 to 6",
            "{\"text\": \"a\", \"topK\": 7}      | topK  | 'topK' must be an integer from 1 to 6",
            "{\"text\": \"a\", \"topK\": \"2\"}  | topK  | 'topK' must be an integer from 1 to 6 (the model's label count), not a string",
            "{\"text\": \"a\", \"topK\": 1.5}    | topK  | 'topK' must be an integer",
            "{\"txt\": \"a\"}                    | txt   | unknown field 'txt'",
            "[\"a\"]                             |       | the request must be a JSON object, not an array",
            "{\"text\": \"unterminated           |       | the body is not valid JSON",
            "text=i+feel+great                   |       | the body is not valid JSON",
            "<html>hello</html>                  |       | the body is not valid JSON",
    })
    void eachBadRequestIs400WithAJsonErrorNamingTheField(String requestBody, String field, String message) {
        JsonNode response = invoke(restEvent(requestBody.trim()));
        assertThat(response.path("statusCode").asInt()).isEqualTo(400);
        JsonNode error = body(response).path("error");
        assertThat(error.path("status").asInt()).isEqualTo(400);
        assertThat(error.path("message").asText()).contains(message.trim());
        assertThat(error.path("requestId").asText()).isEqualTo("c6af9ac6-7b61-11e6-9a41-93e8deadbeef");
        if (field == null) {
            assertThat(error.has("field")).isFalse();
        } else {
            assertThat(error.path("field").asText()).isEqualTo(field.trim());
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{\"text\": \"a\", \"text\": \"b\"}            | text  | 'text' is given twice: each field may appear once",
            "{\"texts\": [\"a\"], \"topK\": 1, \"topK\": 2} | topK  | 'topK' is given twice",
            "{\"text\": \"a\"} {\"text\": \"b\"}            | body  | the body goes on after its JSON document",
            "{\"text\": \"a\"} trailing                      | body  | the body goes on after its JSON document",
            "{\"text\": \"a\"}]                              | body  | the body goes on after its JSON document",
            "{\"text\": \"a\", \"topK\": 18446744073709551617} | topK | 'topK' must be an integer from 1 to 6 (the model's label count), not 18446744073709551617",
            "{\"text\": \"a\", \"topK\": 4294967297}        | topK  | 'topK' must be an integer from 1 to 6 (the model's label count), not 4294967297",
            "{\"text\": \"a\", \"topK\": -1}                | topK  | 'topK' must be an integer from 1 to 6",
    })
    void strictJsonIs400NamingTheField(String requestBody, String field, String message) {
        JsonNode response = invoke(restEvent(requestBody.trim()));
        assertThat(response.path("statusCode").asInt()).isEqualTo(400);
        JsonNode error = body(response).path("error");
        assertThat(error.path("field").asText()).isEqualTo(field.trim());
        assertThat(error.path("message").asText()).contains(message.trim());
    }

    @Test
    void nestingPastTheLimitIs400NotA502() {
        for (int depth : new int[] {33, 2_000, 100_000}) {
            String deep = "{\"text\": " + "[".repeat(depth) + "]".repeat(depth) + "}";
            JsonNode response = invoke(restEvent(deep));
            assertThat(response.path("statusCode").asInt()).as("depth " + depth).isEqualTo(400);
            JsonNode error = body(response).path("error");
            assertThat(error.path("message").asText()).startsWith("the body nests deeper than 32 levels (at text[0][0]");
            assertThat(error.path("field").asText()).isEqualTo("text");
        }
        JsonNode deepArray = body(invoke(restEvent("[".repeat(50) + "]".repeat(50)))).path("error");
        assertThat(deepArray.path("message").asText()).startsWith("the body nests deeper than 32 levels");
        assertThat(deepArray.path("field").asText()).isEqualTo("body");
    }

    @Test
    void invalidBase64WithIsBase64EncodedIs400NamingTheBody() {
        ObjectNode event = event("apigateway-http-post-classify.json");
        event.put("body", "eyJ0ZXh0Ijog*** not base64 ***");
        JsonNode response = invoke(event);
        assertThat(response.path("statusCode").asInt()).isEqualTo(400);
        assertThat(body(response).at("/error/field").asText()).isEqualTo("body");
        assertThat(body(response).at("/error/message").asText()).startsWith("the body is marked isBase64Encoded but is not valid base64");
        assertThat(body(response).at("/error/requestId").asText()).isEqualTo("JKJaXmPLvHcESHA=");
    }

    @Test
    void errorsQuoteAtMostAHundredCharactersOfWhatWasSent() {
        String longName = "x".repeat(5_000);
        JsonNode unknown = body(invoke(restEvent("{\"" + longName + "\": 1}"))).path("error");
        assertThat(unknown.path("message").asText()).contains("x".repeat(100) + "... (5000 characters)").hasSizeLessThan(250);
        assertThat(unknown.path("field").asText()).hasSizeLessThan(130);

        JsonNode bigNumber = body(invoke(restEvent("{\"text\": \"a\", \"topK\": " + "9".repeat(900) + "}"))).path("error");
        assertThat(bigNumber.path("message").asText()).hasSizeLessThan(250).endsWith("... (900 characters)");

        JsonNode token = body(invoke(restEvent("{\"text\": " + "y".repeat(5_000) + "}"))).path("error");
        assertThat(token.path("message").asText()).startsWith("the body is not valid JSON").hasSizeLessThan(400);

        JsonNode duplicate = body(invoke(restEvent("{\"" + longName + "\": 1, \"" + longName + "\": 2}"))).path("error");
        assertThat(duplicate.path("message").asText()).hasSizeLessThan(250);
    }

    @Test
    void anEmptyOrMissingBodyIs400() {
        for (String empty : new String[] {null, "", "   "}) {
            JsonNode response = invoke(restEvent(empty));
            assertThat(response.path("statusCode").asInt()).isEqualTo(400);
            assertThat(body(response).at("/error/message").asText()).startsWith("the body is empty");
        }
    }

    @Test
    void tooLargeIs413() {
        JsonNode longText = invoke(restEvent("{\"text\": \"" + "a".repeat(20_001) + "\"}"));
        assertThat(longText.path("statusCode").asInt()).isEqualTo(413);
        assertThat(body(longText).at("/error/field").asText()).isEqualTo("text");
        assertThat(body(longText).at("/error/message").asText()).contains("'text' has 20001 characters; the limit is 20000");

        StringBuilder batch = new StringBuilder("{\"texts\": [");
        for (int i = 0; i < 65; i++) {
            batch.append(i == 0 ? "" : ",").append("\"text ").append(i).append('"');
        }
        JsonNode manyTexts = invoke(restEvent(batch.append("]}").toString()));
        assertThat(manyTexts.path("statusCode").asInt()).isEqualTo(413);
        assertThat(body(manyTexts).at("/error/message").asText()).contains("'texts' has 65 texts; the limit is 64");

        JsonNode hugeBody = invoke(restEvent("{\"text\": \"" + "a".repeat(1_100_000) + "\"}"));
        assertThat(hugeBody.path("statusCode").asInt()).isEqualTo(413);
        assertThat(body(hugeBody).at("/error/message").asText()).contains("the limit is 1048576");
    }

    @Test
    void getOnClassifyIs405() {
        ObjectNode get = restEvent(null);
        get.put("httpMethod", "GET");
        ((ObjectNode) get.get("requestContext")).put("httpMethod", "GET");
        JsonNode response = invoke(get);
        assertThat(response.path("statusCode").asInt()).isEqualTo(405);
        assertThat(response.at("/headers/Allow").asText()).isEqualTo("POST");
        assertThat(body(response).at("/error/status").asInt()).isEqualTo(405);
    }

    @Test
    void aBase64BodyThatIsNotJsonIs400() {
        ObjectNode event = restEvent(Base64.getEncoder().encodeToString("\u00ff\u00fe not json".getBytes(StandardCharsets.ISO_8859_1)));
        event.put("isBase64Encoded", true);
        JsonNode response = invoke(event);
        assertThat(response.path("statusCode").asInt()).isEqualTo(400);
    }

    @Test
    void aDirectRequestThatMentionsHttpFieldsIsStillADirectRequest() {
        // Not an API Gateway event (no requestContext): the parser's unknown-field error, as a Lambda error.
        given().body("{\"text\": \"hello\", \"httpMethod\": \"POST\"}").post().then().statusCode(500);
    }
}
