package dev.triage.testsupport.iam;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The resources of a configuration as a mocked {@code terraform test} apply left them: read from the
 * {@code test_state} message that {@code terraform test -json -verbose} prints for a run (the state in
 * Terraform's JSON state format; the provider schemas printed with it are skipped). Values are what the
 * configuration rendered, e.g. every {@code aws_iam_role_policy}'s {@code policy} JSON.
 */
public final class TerraformState {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, JsonNode> resources;

    private TerraformState(Map<String, JsonNode> resources) {
        this.resources = resources;
    }

    /** The state of run {@code run} in a {@code terraform test -json -verbose} log. */
    public static TerraformState fromTestLog(Path log, String run) throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(log, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.contains("\"type\":\"test_state\"") && line.contains("\"@testrun\":\"" + run + "\"")) {
                    return fromStateMessage(line);
                }
            }
        }
        throw new IllegalArgumentException(log + " has no state of run \"" + run + "\" (was it a command = apply run of terraform test -json -verbose?)");
    }

    private static TerraformState fromStateMessage(String line) throws IOException {
        Map<String, JsonNode> resources = new HashMap<>();
        try (JsonParser parser = JSON.getFactory().createParser(line)) {
            expect(parser.nextToken(), JsonToken.START_OBJECT);
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                parser.nextToken();
                if (!field.equals("test_state")) {
                    parser.skipChildren();
                    continue;
                }
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String part = parser.currentName();
                    parser.nextToken();
                    if (part.equals("root_module")) {
                        collect(parser.readValueAsTree(), resources);
                    } else {
                        parser.skipChildren(); // provider_schemas: megabytes of schema, not needed
                    }
                }
            }
        }
        return new TerraformState(resources);
    }

    private static void expect(JsonToken actual, JsonToken expected) {
        if (actual != expected) {
            throw new IllegalArgumentException("unexpected JSON in the terraform test log: " + actual);
        }
    }

    private static void collect(JsonNode module, Map<String, JsonNode> resources) {
        module.path("resources").forEach(resource -> resources.put(resource.path("address").asText(), resource));
        module.path("child_modules").forEach(child -> collect(child, resources));
    }

    /** The values of the resource at this address, e.g. module.classify.aws_iam_role_policy.this. */
    public JsonNode values(String address) {
        JsonNode resource = resources.get(address);
        if (resource == null) {
            throw new IllegalArgumentException("the state has no resource " + address);
        }
        return resource.path("values");
    }

    public String attribute(String address, String attribute) {
        JsonNode value = values(address).path(attribute);
        if (!value.isTextual()) {
            throw new IllegalArgumentException(address + " has no text attribute " + attribute);
        }
        return value.asText();
    }

    /** Every resource of these types, by address. */
    public Map<String, JsonNode> ofTypes(List<String> types) {
        Map<String, JsonNode> found = new java.util.TreeMap<>();
        resources.forEach((address, resource) -> {
            if (types.contains(resource.path("type").asText())) {
                found.put(address, resource.path("values"));
            }
        });
        return found;
    }
}
