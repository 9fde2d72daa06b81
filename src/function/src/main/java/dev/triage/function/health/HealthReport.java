package dev.triage.function.health;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.smallrye.health.SmallRyeHealth;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SmallRye Health's report, typed: {@code {"status": "UP", "checks": [{"name", "status", "data"}]}},
 * the shape {@code /q/health} serves. Read from the report's JSON-P object value by value, never
 * written out as text and parsed back.
 */
public record HealthReport(String status, List<Check> checks) {

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Check(String name, String status, Map<String, Object> data) {
    }

    @JsonIgnore
    public boolean isDown() {
        return "DOWN".equals(status);
    }

    public static HealthReport of(SmallRyeHealth health) {
        JsonObject payload = health.getPayload();
        List<Check> checks = new ArrayList<>();
        JsonArray array = payload.getJsonArray("checks");
        if (array != null) {
            for (JsonValue value : array) {
                JsonObject check = value.asJsonObject();
                JsonObject data = check.getJsonObject("data");
                checks.add(new Check(check.getString("name", null), check.getString("status", null),
                        data == null ? null : map(data)));
            }
        }
        return new HealthReport(health.getStatus().name(), checks);
    }

    private static Map<String, Object> map(JsonObject object) {
        Map<String, Object> map = new LinkedHashMap<>();
        object.forEach((key, value) -> map.put(key, plain(value)));
        return map;
    }

    private static Object plain(JsonValue value) {
        return switch (value.getValueType()) {
            case STRING -> ((JsonString) value).getString();
            case NUMBER -> ((JsonNumber) value).isIntegral() ? (Object) ((JsonNumber) value).longValue() : ((JsonNumber) value).doubleValue();
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            case NULL -> null;
            case OBJECT -> map(value.asJsonObject());
            case ARRAY -> value.asJsonArray().stream().map(HealthReport::plain).toList();
        };
    }
}
