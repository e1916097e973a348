package dev.confab.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * docs/openapi.yaml, read for tests, with a validator for the part of JSON Schema the file uses:
 * $ref, type, required, properties, additionalProperties: false, items, enum, oneOf, date-time.
 */
public final class OpenApiSchema {
    private final JsonNode root;

    private OpenApiSchema(JsonNode root) {
        this.root = root;
    }

    public static OpenApiSchema load(Path file) throws IOException {
        return new OpenApiSchema(new ObjectMapper(new YAMLFactory()).readTree(file.toFile()));
    }

    public JsonNode root() {
        return root;
    }

    /** The JSON schema documented for this operation's answer with this status, or null when the status is not documented. */
    public JsonNode responseSchema(String method, String path, int status) {
        JsonNode op = root.path("paths").path(path).path(method.toLowerCase());
        if (op.isMissingNode()) throw new AssertionError("undocumented operation " + method + " " + path);
        JsonNode response = op.path("responses").path(String.valueOf(status));
        if (response.isMissingNode()) return null;
        response = resolve(response);
        return response.path("content").path("application/json").path("schema");
    }

    /** The {@code content} map (media type to schema) documented for this answer, or null when the status is not documented. */
    public JsonNode responseContent(String method, String path, int status) {
        JsonNode op = root.path("paths").path(path).path(method.toLowerCase());
        if (op.isMissingNode()) throw new AssertionError("undocumented operation " + method + " " + path);
        JsonNode response = op.path("responses").path(String.valueOf(status));
        return response.isMissingNode() ? null : resolve(response).path("content");
    }

    /** Problems of {@code value} against {@code schema}; empty when it conforms. */
    public List<String> validate(JsonNode value, JsonNode schema) {
        List<String> problems = new ArrayList<>();
        check(value, schema, "$", problems);
        return problems;
    }

    private JsonNode resolve(JsonNode node) {
        while (node.has("$ref")) {
            JsonNode target = root;
            for (String part : node.get("$ref").asText().substring(2).split("/")) target = target.path(part);
            if (target.isMissingNode())
                throw new AssertionError("dangling $ref " + node.get("$ref").asText());
            node = target;
        }
        return node;
    }

    private void check(JsonNode value, JsonNode schema, String at, List<String> problems) {
        if (schema == null || schema.isMissingNode()) return;
        schema = resolve(schema);
        if (schema.has("oneOf")) {
            int matches = 0;
            for (JsonNode option : schema.get("oneOf"))
                if (validate(value, option).isEmpty()) matches++;
            if (matches != 1) problems.add(at + ": matches " + matches + " of the oneOf options");
            return;
        }
        String type = schema.path("type").asText("");
        boolean typeOk = switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            default -> true;
        };
        if (!typeOk) {
            problems.add(at + ": expected " + type + " but was " + value.getNodeType());
            return;
        }
        if (schema.has("enum")) {
            boolean found = false;
            for (JsonNode option : schema.get("enum")) found |= option.equals(value);
            if (!found) problems.add(at + ": " + value + " is not in the enum");
        }
        if ("date-time".equals(schema.path("format").asText()) && value.isTextual()) {
            try {
                Instant.parse(value.asText());
            } catch (RuntimeException e) {
                problems.add(at + ": not a date-time: " + value.asText());
            }
        }
        if (value.isObject()) {
            for (JsonNode required : schema.path("required")) {
                if (!value.has(required.asText())) problems.add(at + ": missing required " + required.asText());
            }
            JsonNode properties = schema.path("properties");
            for (Iterator<Map.Entry<String, JsonNode>> it = value.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (properties.has(field.getKey())) {
                    check(field.getValue(), properties.get(field.getKey()), at + "." + field.getKey(), problems);
                } else if (schema.path("additionalProperties").isBoolean()
                        && !schema.get("additionalProperties").asBoolean()) {
                    problems.add(at + ": undocumented field " + field.getKey());
                }
            }
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++)
                check(value.get(i), schema.get("items"), at + "[" + i + "]", problems);
        }
    }
}
