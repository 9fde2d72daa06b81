package dev.triage.function.model;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import dev.triage.defaultmodel.DefaultModel;
import dev.triage.function.standins.AwsStandIns;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;

/** triage.model.location=s3://...: the bundle is downloaded, verified and answers. */
@QuarkusTest
@TestProfile(S3ModelLocationTest.ModelInS3.class)
@QuarkusTestResource(value = S3ModelLocationTest.StandInsWithABundle.class, restrictToAnnotatedClass = true)
class S3ModelLocationTest {

    public static class ModelInS3 implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("triage.model.location", "s3://" + AwsStandIns.MODEL_BUCKET + "/emotion/1",
                    "triage.inference.intra-op-threads", "1");
        }
    }

    /** The stand-ins, with the default emotion bundle uploaded to s3://triage-models/emotion/1/. */
    public static class StandInsWithABundle extends AwsStandIns {
        @Override
        public Map<String, String> start() {
            Map<String, String> config = new HashMap<>(super.start());
            Path bundle = DefaultModel.directory();
            for (String file : new String[] {"model.onnx", "config.json", "tokenizer.json", "triage.json"}) {
                AwsStandIns.s3().putObject(b -> b.bucket(MODEL_BUCKET).key("emotion/1/" + file), RequestBody.fromFile(bundle.resolve(file)));
            }
            config.put("triage.model.location", "s3://" + MODEL_BUCKET + "/emotion/1");
            return config;
        }
    }

    @Test
    void classifiesWithTheBundleFromS3() {
        given().body("{\"text\": \"i feel so happy and cheerful today\"}").post()
                .then().statusCode(200).body("label", equalTo("joy")).body("model", equalTo("emotion-minilm-finetuned-int8@1"));
    }
}
