package dev.triage.function;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.closeTo;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The classify function through the Lambda mock event server, as Lambda invokes it. */
@QuarkusTest
class ClassifyFunctionTest {

    @Test
    void classifiesOneText() {
        given().body("{\"text\": \"i feel so happy and cheerful today\", \"topK\": 2}").post()
                .then().statusCode(200)
                .body("label", equalTo("joy"))
                .body("scores", hasSize(2))
                .body("scores[0].label", equalTo("joy"))
                .body("model", equalTo("emotion-minilm-finetuned-int8@1"))
                .body("truncated", nullValue());
    }

    @Test
    void returnsOneLabelByDefault() {
        given().body("{\"text\": \"i am furious at them\"}").post()
                .then().statusCode(200).body("label", equalTo("anger")).body("scores", hasSize(1));
    }

    @Test
    void classifiesABatchInOrder() {
        given().body("{\"texts\": [\"i feel so sad and lonely\", \"what a wonderful happy day\", \"i am scared of the dark\"], \"topK\": 6}")
                .post()
                .then().statusCode(200)
                .body("results", hasSize(3))
                .body("results.label", org.hamcrest.Matchers.contains("sadness", "joy", "fear"))
                .body("results[0].scores", hasSize(6))
                .body("results[1].scores.score.sum()", closeTo(1.0, 1e-4))
                .body("model", equalTo("emotion-minilm-finetuned-int8@1"));
    }

    @Test
    void saysWhenALongTextWasCut() {
        String longText = "i feel calm. ".repeat(400);
        given().body("{\"text\": \"" + longText + "\"}").post()
                .then().statusCode(200).body("truncated", equalTo(true));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
            "{}                                  | missing 'text' (a string) or 'texts' (an array of strings)",
            "{\"text\": \"\"}                    | 'text' is empty: there is nothing to classify",
            "{\"text\": \"   \"}                 | 'text' is empty",
            "{\"text\": 42}                      | 'text' must be a string, not a number",
            "{\"text\": null}                    | 'text' must be a string, not null",
            "{\"text\": [\"a\"]}                 | 'text' must be a string, not an array",
            "{\"texts\": \"hello\"}              | 'texts' must be an array of strings, not a string",
            "{\"texts\": []}                     | 'texts' is empty: send at least one text",
            "{\"texts\": [\"fine\", 7]}          | 'texts[1]' must be a string, not a number",
            "{\"texts\": [\"fine\", \"\"]}       | 'texts[1]' is empty",
            "{\"text\": \"a\", \"texts\": [\"b\"]} | give either 'text' or 'texts', not both",
            "{\"text\": \"a\", \"topK\": 0}      | 'topK' must be an integer from 1 to 6",
            "{\"text\": \"a\", \"topK\": 7}      | 'topK' must be an integer from 1 to 6",
            "{\"text\": \"a\", \"topK\": \"2\"}  | 'topK' must be an integer from 1 to 6 (the model's label count), not a string",
            "{\"text\": \"a\", \"topK\": 1.5}    | 'topK' must be an integer",
            "{\"txt\": \"a\"}                    | unknown field 'txt'",
            "[\"a\"]                             | the request must be a JSON object, not an array",
    })
    void rejectsBadInputNamingTheProblem(String body, String message) {
        given().body(body).post()
                .then().statusCode(500)
                .body("errorMessage", containsString("InvalidRequestException: " + message.trim()));
    }

    @Test
    void rejectsATextOverTheLimit() {
        String huge = "a".repeat(20_001);
        given().body("{\"text\": \"" + huge + "\"}").post()
                .then().statusCode(500)
                .body("errorMessage", containsString("'text' has 20001 characters; the limit is 20000"));
    }

    @Test
    void rejectsABatchOverTheLimit() {
        StringBuilder body = new StringBuilder("{\"texts\": [");
        for (int i = 0; i < 65; i++) {
            body.append(i == 0 ? "" : ",").append("\"text ").append(i).append('"');
        }
        given().body(body.append("]}").toString()).post()
                .then().statusCode(500)
                .body("errorMessage", containsString("'texts' has 65 texts; the limit is 64 per request"));
    }

    @Test
    void aDirectRequestIsReadStrictlyToo() {
        given().body("{\"text\": \"i am sad\", \"text\": \"i am happy\"}").post().then().statusCode(500)
                .body("errorMessage", containsString("Could not deserialize"));
        given().body("{\"text\": \"a\", \"topK\": 18446744073709551617}").post().then().statusCode(500)
                .body("errorMessage", containsString("'topK' must be an integer from 1 to 6 (the model's label count), not 18446744073709551617"));
    }

    @Test
    void brokenJsonIsAnErrorAndTheFunctionServesOn() {
        given().body("{\"text\": \"unterminated").post().then().statusCode(500)
                .body("errorMessage", containsString("Could not deserialize"));
        given().body("{\"text\": \"still here and happy\"}").post().then().statusCode(200).body("label", equalTo("joy"));
    }
}
