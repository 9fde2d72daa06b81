package dev.triage.trainer.recipe;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Typed, checked access to one JSON object of a recipe; every error names the file and field path. */
final class RecipeJson {

    private final String file;
    private final String path;
    private final JsonNode node;

    RecipeJson(String file, String path, JsonNode node) {
        this.file = file;
        this.path = path;
        this.node = node;
    }

    /** Refuses fields this version does not know: a misspelt field must not be silently ignored. */
    RecipeJson allowOnly(Set<String> fields) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String name = names.next();
            if (!fields.contains(name)) {
                throw error(name, "is not a known field; known fields are " + new java.util.TreeSet<>(fields));
            }
        }
        return this;
    }

    boolean has(String field) {
        JsonNode value = node.get(field);
        return value != null && !value.isNull();
    }

    boolean isObject(String field) {
        return node.path(field).isObject();
    }

    RecipeJson object(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return new RecipeJson(file, qualified(field), com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode());
        }
        if (!value.isObject()) {
            throw error(field, "must be an object");
        }
        return new RecipeJson(file, qualified(field), value);
    }

    String string(String field, String fallback) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isTextual() && !value.isIntegralNumber()) {
            throw error(field, "must be a string");
        }
        return value.asText();
    }

    String requiredString(String field) {
        String value = string(field, null);
        if (value == null || value.isBlank()) {
            throw error(field, "is required");
        }
        return value;
    }

    Integer integer(String field, Integer fallback, int min, int max) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || value.asLong() < min || value.asLong() > max) {
            throw error(field, "must be an integer from " + min + " to " + max + ", is " + value);
        }
        return value.asInt();
    }

    Double number(String field, Double fallback, double min, double max) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isNumber() || value.asDouble() < min || value.asDouble() > max) {
            throw error(field, "must be a number from " + min + " to " + max + ", is " + value);
        }
        return value.asDouble();
    }

    Boolean bool(String field, Boolean fallback) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isBoolean()) {
            throw error(field, "must be true or false, is " + value);
        }
        return value.asBoolean();
    }

    List<String> strings(String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw error(field, "must be an array of strings");
        }
        List<String> values = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isTextual() || item.asText().isBlank()) {
                throw error(field, "must hold only non-empty strings, found " + item);
            }
            if (values.contains(item.asText())) {
                throw error(field, "lists '" + item.asText() + "' twice");
            }
            values.add(item.asText());
        }
        return values;
    }

    RecipeException error(String field, String problem) {
        return new RecipeException(file + ": field '" + qualified(field) + "' " + problem);
    }

    private String qualified(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }
}
