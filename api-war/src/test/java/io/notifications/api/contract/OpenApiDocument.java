package io.notifications.api.contract;

import jakarta.json.JsonObject;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** An OpenAPI 3.0 document in JSON, read the way the contract test needs it: operations, their answers, schemas. */
final class OpenApiDocument {

    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "options", "head", "patch", "trace");

    private final JsonObject root;

    OpenApiDocument(JsonStructure json) {
        this.root = json.asJsonObject();
    }

    JsonObject root() {
        return root;
    }

    /** Every operation, as {@code METHOD /path}. */
    Set<String> operations() {
        Set<String> operations = new TreeSet<>();
        root.getJsonObject("paths").forEach((path, item) -> item.asJsonObject().keySet().stream()
                .filter(METHODS::contains)
                .forEach(method -> operations.add(method.toUpperCase(Locale.ROOT) + " " + path)));
        return operations;
    }

    Set<Integer> statuses(String operation) {
        return operation(operation).getJsonObject("responses").keySet().stream().map(Integer::valueOf)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** The documented answer of this status, its {@code $ref} followed. */
    JsonObject response(String operation, int status) {
        return resolve(operation(operation).getJsonObject("responses").getJsonObject(String.valueOf(status)));
    }

    /** The object a {@code $ref} such as {@code #/components/schemas/Error} names, or the object itself. */
    JsonObject resolve(JsonObject object) {
        if (!object.containsKey("$ref")) {
            return object;
        }
        JsonObject target = root;
        for (String part : object.getString("$ref").substring("#/".length()).split("/")) {
            target = target.getJsonObject(part);
        }
        return resolve(target);
    }

    /**
     * Adds to {@code problems} where {@code value} does not have the type its schema says, or lacks a member the
     * schema requires; members the schema does not know are let be (the schemas describe, they do not forbid).
     */
    void check(JsonValue value, JsonObject schema, String at, List<String> problems) {
        schema = resolve(schema);
        if (value.getValueType() == JsonValue.ValueType.NULL) {
            if (!schema.getBoolean("nullable", false)) {
                problems.add(at + " is null");
            }
            return;
        }
        String type = schema.getString("type", null);
        if (type != null && !type.equals(typeOf(value)) && !(type.equals("number") && typeOf(value).equals("integer"))) {
            problems.add(at + " is " + typeOf(value) + ", not " + type);
            return;
        }
        if (value.getValueType() == JsonValue.ValueType.OBJECT) {
            JsonObject object = value.asJsonObject();
            schema.getOrDefault("required", JsonValue.EMPTY_JSON_ARRAY).asJsonArray().getValuesAs(jakarta.json.JsonString.class)
                    .stream().map(jakarta.json.JsonString::getString)
                    .filter(member -> !object.containsKey(member))
                    .forEach(member -> problems.add(at + " has no " + member));
            JsonObject properties = schema.getOrDefault("properties", JsonValue.EMPTY_JSON_OBJECT).asJsonObject();
            for (Map.Entry<String, JsonValue> member : object.entrySet()) {
                if (properties.containsKey(member.getKey())) {
                    check(member.getValue(), properties.getJsonObject(member.getKey()), at + "." + member.getKey(), problems);
                }
            }
        } else if (value.getValueType() == JsonValue.ValueType.ARRAY && schema.containsKey("items")) {
            List<JsonValue> items = value.asJsonArray();
            for (int i = 0; i < items.size(); i++) {
                check(items.get(i), schema.getJsonObject("items"), at + "[" + i + "]", problems);
            }
        }
    }

    private static String typeOf(JsonValue value) {
        return switch (value.getValueType()) {
            case OBJECT -> "object";
            case ARRAY -> "array";
            case STRING -> "string";
            case NUMBER -> ((jakarta.json.JsonNumber) value).isIntegral() ? "integer" : "number";
            case TRUE, FALSE -> "boolean";
            case NULL -> "null";
        };
    }

    JsonObject operation(String operation) {
        String[] methodAndPath = operation.split(" ", 2);
        JsonObject item = root.getJsonObject("paths").getJsonObject(methodAndPath[1]);
        if (item == null || !item.containsKey(methodAndPath[0].toLowerCase(Locale.ROOT))) {
            throw new AssertionError(operation + " is not documented");
        }
        return item.getJsonObject(methodAndPath[0].toLowerCase(Locale.ROOT));
    }
}
