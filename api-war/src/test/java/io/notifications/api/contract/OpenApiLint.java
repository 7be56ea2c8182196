package io.notifications.api.contract;

import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lints an OpenAPI 3.0 document as strictly as the tools that import it: swagger-parser (what client generators such
 * as openapi-generator read documents with) reports every member OpenAPI does not allow where it stands, a missing
 * required member, a value of the wrong type and a {@code $ref} that leads nowhere; and the rules of Redocly CLI's
 * recommended set that a structural reading misses: a server URL with a trailing slash, a component nothing refers
 * to, a path parameter the operation does not declare, a schema that is not an object but lists properties. Offline, from Maven Central only, so that it runs in
 * {@code ./mvnw verify}; {@code .ci/run} lints the same served document with Redocly CLI itself.
 */
public final class OpenApiLint {

    private static final Pattern REF = Pattern.compile("\"\\$ref\"\\s*:\\s*\"#/components/([^/\"]+)/([^/\"]+)\"");
    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");

    private OpenApiLint() {
    }

    /** What is wrong with the document (JSON), one line each: empty when it is valid. */
    public static List<String> problems(String json) {
        List<String> problems = new ArrayList<>();
        ParseOptions options = new ParseOptions();
        options.setResolve(false);
        options.setValidateInternalRefs(true);
        SwaggerParseResult parsed = new OpenAPIV3Parser().readContents(json, null, options);
        if (parsed.getMessages() != null) {
            parsed.getMessages().forEach(message -> problems.add("swagger-parser: " + message));
        }
        JsonObject root;
        try (var reader = Json.createReader(new StringReader(json))) {
            root = reader.readObject();
        }
        if (!root.getString("openapi", "").startsWith("3.0.")) {
            problems.add("openapi is " + root.get("openapi") + ", not 3.0.x");
        }
        for (JsonValue server : root.getJsonArray("servers") == null ? List.<JsonValue>of() : root.getJsonArray("servers")) {
            String url = server.asJsonObject().getString("url", "");
            if (url.length() > 1 && url.endsWith("/")) {
                problems.add("server url " + url + " ends with a slash (no-server-trailing-slash)");
            }
        }
        unusedComponents(root, json, problems);
        undeclaredPathParameters(root, problems);
        typeMismatches("#", root, problems);
        return problems;
    }

    /** A schema whose type is not object but which lists properties (Redocly's no-schema-type-mismatch). */
    private static void typeMismatches(String where, JsonValue value, List<String> problems) {
        if (value.getValueType() == JsonValue.ValueType.OBJECT) {
            JsonObject object = value.asJsonObject();
            JsonValue type = object.get("type");
            if (type instanceof JsonString name && !name.getString().equals("object") && object.containsKey("properties")) {
                problems.add(where + ": a schema of type " + name.getString() + " lists properties (no-schema-type-mismatch)");
            }
            object.forEach((key, member) -> typeMismatches(where + "/" + key, member, problems));
        } else if (value.getValueType() == JsonValue.ValueType.ARRAY) {
            List<JsonValue> items = value.asJsonArray();
            for (int i = 0; i < items.size(); i++) {
                typeMismatches(where + "/" + i, items.get(i), problems);
            }
        }
    }

    private static void unusedComponents(JsonObject root, String json, List<String> problems) {
        Set<String> referred = new TreeSet<>();
        Matcher ref = REF.matcher(json);
        while (ref.find()) {
            referred.add(ref.group(1) + "/" + ref.group(2));
        }
        List<JsonValue> requirements = new ArrayList<>(root.getOrDefault("security", JsonValue.EMPTY_JSON_ARRAY).asJsonArray());
        root.getOrDefault("paths", JsonValue.EMPTY_JSON_OBJECT).asJsonObject().values().forEach(item -> item.asJsonObject()
                .values().stream().filter(operation -> operation.getValueType() == JsonValue.ValueType.OBJECT)
                .forEach(operation -> requirements.addAll(operation.asJsonObject()
                        .getOrDefault("security", JsonValue.EMPTY_JSON_ARRAY).asJsonArray())));
        requirements.forEach(set -> set.asJsonObject().keySet().forEach(scheme -> referred.add("securitySchemes/" + scheme)));
        JsonObject components = root.getJsonObject("components");
        if (components != null) {
            components.forEach((kind, members) -> members.asJsonObject().keySet().stream()
                    .map(name -> kind + "/" + name)
                    .filter(component -> !referred.contains(component))
                    .forEach(component -> problems.add("components/" + component + " is never used (no-unused-components)")));
        }
    }

    private static void undeclaredPathParameters(JsonObject root, List<String> problems) {
        JsonObject paths = root.getJsonObject("paths");
        if (paths == null) {
            return;
        }
        paths.forEach((path, item) -> item.asJsonObject().forEach((method, operation) -> {
            if (operation.getValueType() != JsonValue.ValueType.OBJECT || !operation.asJsonObject().containsKey("responses")) {
                return;
            }
            Set<String> declared = new TreeSet<>();
            for (JsonObject holder : List.of(item.asJsonObject(), operation.asJsonObject())) {
                holder.getOrDefault("parameters", JsonValue.EMPTY_JSON_ARRAY).asJsonArray().stream()
                        .map(parameter -> resolve(root, parameter.asJsonObject()))
                        .filter(parameter -> "path".equals(parameter.getString("in", null)))
                        .forEach(parameter -> declared.add(parameter.getString("name")));
            }
            Set<String> inPath = new TreeSet<>();
            Matcher name = PATH_PARAMETER.matcher(path);
            while (name.find()) {
                inPath.add(name.group(1));
            }
            if (!inPath.equals(declared)) {
                problems.add(method.toUpperCase(Locale.ROOT) + " " + path + " declares path parameters " + declared + ", its path has "
                        + inPath + " (path-parameters-defined)");
            }
        }));
    }

    private static JsonObject resolve(JsonObject root, JsonObject object) {
        if (!(object.get("$ref") instanceof JsonString ref)) {
            return object;
        }
        JsonObject target = root;
        for (String part : ref.getString().substring("#/".length()).split("/")) {
            target = target.getJsonObject(part);
        }
        return target;
    }
}
