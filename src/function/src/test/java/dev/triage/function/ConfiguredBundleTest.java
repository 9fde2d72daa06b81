package dev.triage.function;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.triage.defaultmodel.DefaultModel;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** triage.model.location names the bundle; the response names the model that answered. */
@QuarkusTest
@TestProfile(ConfiguredBundleTest.RenamedBundle.class)
public class ConfiguredBundleTest {

    public static class RenamedBundle implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("triage.model.location", renamedCopyOfTheDefaultBundle().toString(),
                    "triage.inference.intra-op-threads", "1");
        }
    }

    @Test
    void answersWithTheConfiguredBundle() {
        given().body("{\"text\": \"i feel so happy today\"}").post()
                .then().statusCode(200).body("model", equalTo("emotion-copy@7")).body("label", equalTo("joy"));
    }

    /** The default bundle under another name and version (triage.json is outside its own checksums). */
    public static Path renamedCopyOfTheDefaultBundle() {
        try {
            Path target = Path.of("target", "renamed-bundle").toAbsolutePath();
            Files.createDirectories(target);
            Path source = DefaultModel.directory();
            // replaced every time: a copy left by an earlier build of another built-in model fails its checksums
            for (String file : new String[] {"model.onnx", "config.json", "tokenizer.json"}) {
                Files.copy(source.resolve(file), target.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
            ObjectMapper json = new ObjectMapper();
            ObjectNode manifest = (ObjectNode) json.readTree(source.resolve("triage.json").toFile());
            manifest.put("name", "emotion-copy").put("version", "7");
            json.writeValue(target.resolve("triage.json").toFile(), manifest);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
