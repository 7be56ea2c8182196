package io.notifications.message;

import io.notifications.message.InvalidEventException;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonConfig;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonString;
import jakarta.json.JsonStructure;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Turns untrusted bytes into a JSON object (or an array of them), or refuses them with a reason a client can act on.
 *
 * <p>Beyond well-formed JSON it refuses what PostgreSQL would refuse later, so that nothing the API accepts can get
 * stuck in the consumer: NUL characters, unpaired surrogates and numbers outside {@code numeric}'s range. Nesting is
 * bounded before parsing so that hostile input cannot exhaust the parser's stack.
 */
public final class JsonText {

    /** Deepest nesting of objects and arrays accepted, the top-level object included. */
    public static final int MAX_DEPTH = 32;

    /** Largest number of digits before or after the decimal point in a JSON number. */
    static final int MAX_NUMBER_DIGITS = 1000;

    // Duplicate keys are ambiguous (which one wins depends on the reader): refuse them.
    private static final JsonReaderFactory READERS =
            Json.createReaderFactory(Map.of(JsonConfig.KEY_STRATEGY, JsonConfig.KeyStrategy.NONE));

    private JsonText() {
    }

    public static JsonObject parseObject(byte[] bytes) {
        JsonObject object = parse(bytes, Top.OBJECT).asJsonObject();
        checkValue("", object);
        return object;
    }

    /**
     * A top-level array whose elements are checked one by one with {@link #checkObject(JsonValue)}. Nesting may go one
     * level deeper than in {@link #parseObject(byte[])}, for the array itself: each element has the same bound as a
     * top-level object.
     */
    public static JsonArray parseArray(byte[] bytes) {
        return parse(bytes, Top.ARRAY).asJsonArray();
    }

    /** An element of a {@link #parseArray(byte[]) top-level array}, held to the rules of a top-level object. */
    public static JsonObject checkObject(JsonValue element) {
        if (element.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new InvalidEventException("must be a JSON object, not " + element.getValueType().name().toLowerCase());
        }
        checkValue("", element);
        return element.asJsonObject();
    }

    /** What the body must hold at its top level. */
    private enum Top {
        OBJECT('{', "a JSON object", MAX_DEPTH),
        ARRAY('[', "a JSON array of events", MAX_DEPTH + 1);

        final char opening;
        final String description;
        final int maxDepth;

        Top(char opening, String description, int maxDepth) {
            this.opening = opening;
            this.description = description;
            this.maxDepth = maxDepth;
        }
    }

    private static JsonStructure parse(byte[] bytes, Top top) {
        if (bytes.length == 0) {
            throw new InvalidEventException("Body is empty: expected " + top.description);
        }
        String text = decodeUtf8(bytes);
        if (text.isBlank()) {
            throw new InvalidEventException("Body is empty: expected " + top.description);
        }
        checkStructure(text, top);
        JsonStructure structure;
        try (JsonReader reader = READERS.createReader(new StringReader(text))) {
            structure = reader.read();
        } catch (NumberFormatException | ArithmeticException | UnsupportedOperationException e) {
            // Parsson's refusals of numbers it will not represent (too many digits, exponent overflow)
            throw new InvalidEventException("Body holds a number out of range: " + e.getMessage());
        } catch (RuntimeException e) {
            throw new InvalidEventException("Body is not valid JSON: " + e.getMessage());
        }
        if (structure.getValueType() != (top == Top.OBJECT ? JsonValue.ValueType.OBJECT : JsonValue.ValueType.ARRAY)) {
            throw new InvalidEventException("Body must be " + top.description + ", not " + structure.getValueType().name().toLowerCase());
        }
        return structure;
    }

    private static String decodeUtf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new InvalidEventException("Body is not valid UTF-8");
        }
    }

    /**
     * Counts brackets outside strings, so that the parser only sees text whose nesting is within bounds, and refuses
     * anything after the top-level value, which the reader would silently ignore.
     */
    static void checkStructure(String text) {
        checkStructure(text, Top.OBJECT);
    }

    private static void checkStructure(String text, Top top) {
        String start = text.stripLeading();
        if (start.charAt(0) != top.opening) {
            String found = start.startsWith("{") ? ", not an object" : start.startsWith("[") ? ", not an array" : "";
            throw new InvalidEventException("Body must be " + top.description + found);
        }
        int depth = 0;
        boolean inString = false;
        boolean ended = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (ended) {
                if (!isJsonWhitespace(c)) {
                    throw new InvalidEventException("Body has more after the JSON value: expected a single JSON object");
                }
            } else if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{' || c == '[') {
                if (++depth > top.maxDepth) {
                    throw new InvalidEventException("Body nests objects and arrays deeper than " + top.maxDepth + " levels");
                }
            } else if (c == '}' || c == ']') {
                ended = --depth == 0;
            }
        }
    }

    private static boolean isJsonWhitespace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    private static void checkValue(String path, JsonValue value) {
        switch (value.getValueType()) {
            case OBJECT -> value.asJsonObject().forEach((key, member) -> {
                String memberPath = path.isEmpty() ? key : path + "." + key;
                checkText(memberPath, key);
                checkValue(memberPath, member);
            });
            case ARRAY -> {
                int index = 0;
                for (JsonValue element : value.asJsonArray()) {
                    checkValue(path + "[" + index++ + "]", element);
                }
            }
            case STRING -> checkText(path, ((JsonString) value).getString());
            case NUMBER -> checkNumber(path, (JsonNumber) value);
            default -> {
            }
        }
    }

    private static void checkText(String path, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\u0000') {
                throw new InvalidEventException("Text at '" + path + "' contains the NUL character (\\u0000), which cannot be stored");
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new InvalidEventException("Text at '" + path + "' contains an unpaired UTF-16 surrogate");
            }
        }
    }

    private static void checkNumber(String path, JsonNumber number) {
        try {
            BigDecimal value = number.bigDecimalValue();
            long integerDigits = (long) value.precision() - value.scale();
            if (integerDigits <= MAX_NUMBER_DIGITS && value.scale() <= MAX_NUMBER_DIGITS) {
                return;
            }
        } catch (ArithmeticException | NumberFormatException | UnsupportedOperationException e) {
            // falls through: a number the parser cannot even represent is out of range too
        }
        throw new InvalidEventException("Number at '" + path + "' is out of range");
    }
}
