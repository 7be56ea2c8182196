package io.notifications.message;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.notifications.message.InvalidEventException;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTextTest {

    private static JsonObject parse(String text) {
        return JsonText.parseObject(text.getBytes(StandardCharsets.UTF_8));
    }

    private static InvalidEventException refused(String text) {
        return refused(text.getBytes(StandardCharsets.UTF_8));
    }

    private static InvalidEventException refused(byte[] bytes) {
        return assertThrows(InvalidEventException.class, () -> JsonText.parseObject(bytes));
    }

    private static void assertMessageContains(String expected, InvalidEventException refusal) {
        assertTrue(refusal.getMessage().contains(expected),
                () -> "expected the message to contain '" + expected + "' but it was: " + refusal.getMessage());
    }

    /** An object nested {@code levels} deep, the top-level object included: {"a":{"a":{}}} is 3 levels. */
    private static String nestedObjects(int levels) {
        return "{\"a\":".repeat(levels - 1) + "{}" + "}".repeat(levels - 1);
    }

    /** A top-level object holding arrays, {@code levels} deep in all: {"a":[[]]} is 3 levels. */
    private static String nestedArrays(int levels) {
        return "{\"a\":" + "[".repeat(levels - 1) + "]".repeat(levels - 1) + "}";
    }

    @Test
    void aWellFormedObjectIsReturnedWithItsMembers() {
        JsonObject object = parse("{\"name\":\"Ada\",\"count\":3,\"tags\":[\"x\",\"y\"],\"nested\":{\"ok\":true},\"none\":null}");

        assertEquals("Ada", object.getString("name"));
        assertEquals(3, object.getInt("count"));
        assertEquals(2, object.getJsonArray("tags").size());
        assertTrue(object.getJsonObject("nested").getBoolean("ok"));
        assertTrue(object.isNull("none"));
    }

    @Nested
    class EmptyAndUndecodableBodies {

        @Test
        void anEmptyBodyIsRefusedAsEmpty() {
            assertMessageContains("empty", refused(new byte[0]));
        }

        @ParameterizedTest
        @ValueSource(strings = {" ", "\n", " \t\r\n "})
        void aBlankBodyIsRefusedAsEmpty(String blank) {
            assertMessageContains("empty", refused(blank));
        }

        @Test
        void aBodyThatIsNotUtf8IsRefusedAsNotUtf8() {
            // "{"a":"é"}" in ISO-8859-1: the lone 0xE9 byte is not valid UTF-8
            byte[] latin1 = "{\"a\":\"\u00e9\"}".getBytes(StandardCharsets.ISO_8859_1);

            assertMessageContains("UTF-8", refused(latin1));
        }

        @Test
        void anOverlongUtf8EncodingIsRefused() {
            // 0xC0 0xAF is an overlong encoding of '/', which a lenient decoder would accept
            byte[] overlong = {'{', '"', 'a', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, '"', '}'};

            assertMessageContains("UTF-8", refused(overlong));
        }

        @Test
        void aSurrogateEncodedDirectlyInUtf8IsRefused() {
            // 0xED 0xA0 0xBD is the UTF-8 form of the lone surrogate U+D83D, which UTF-8 forbids
            byte[] encodedSurrogate = {'{', '"', 'a', '"', ':', '"', (byte) 0xED, (byte) 0xA0, (byte) 0xBD, '"', '}'};

            assertMessageContains("UTF-8", refused(encodedSurrogate));
        }

        @Test
        void nonAsciiTextInUtf8IsAccepted() {
            JsonObject object = parse("{\"greeting\":\"Grüße, 世界 😀\"}");

            assertEquals("Grüße, 世界 😀", object.getString("greeting"));
        }

        @Test
        void malformedJsonIsRefusedAsNotValidJson() {
            assertMessageContains("not valid JSON", refused("{\"a\":}"));
        }
    }

    @Nested
    class TheTopLevelValue {

        @ParameterizedTest
        @ValueSource(strings = {"[]", "[{\"a\":1}]", "\"text\"", "42", "true", "null"})
        void anythingButAnObjectIsRefused(String notAnObject) {
            refused(notAnObject);
        }

        @Test
        void anArrayIsRefusedSayingAnObjectIsExpected() {
            assertMessageContains("must be a JSON object", refused("[1,2]"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"{\"a\":1} x", "{\"a\":1}{\"b\":2}", "{\"a\":1},", "{\"a\":1}}", "{\"a\":1}]", "{} []", "{}\"x\""})
        void contentAfterTheObjectIsRefused(String trailing) {
            assertMessageContains("more after the JSON value", refused(trailing));
        }

        @Test
        void jsonWhitespaceAroundTheObjectIsAllowed() {
            JsonObject object = parse(" \t\r\n{\"a\":1} \t\r\n");

            assertEquals(1, object.getInt("a"));
        }

        @ParameterizedTest
        @ValueSource(strings = {"\u00a0", "\f", "\u2028", "\u0000"})
        void characterThatIsNotJsonWhitespaceAfterTheObjectIsRefused(String notJsonWhitespace) {
            refused("{\"a\":1}" + notJsonWhitespace);
        }
    }

    @Nested
    class Nesting {

        @Test
        void objectsNestedExactlyAsDeepAsTheLimitAreAccepted() {
            assertEquals(32, JsonText.MAX_DEPTH);

            assertDoesNotThrow(() -> parse(nestedObjects(JsonText.MAX_DEPTH)));
        }

        @Test
        void objectsNestedOneLevelDeeperThanTheLimitAreRefused() {
            InvalidEventException refusal = refused(nestedObjects(JsonText.MAX_DEPTH + 1));

            assertMessageContains("deeper than 32 levels", refusal);
        }

        @Test
        void arraysCountTowardsTheDepthLikeObjects() {
            assertDoesNotThrow(() -> parse(nestedArrays(JsonText.MAX_DEPTH)));
            assertMessageContains("deeper than 32 levels", refused(nestedArrays(JsonText.MAX_DEPTH + 1)));
        }

        @Test
        void siblingsDoNotAddUpToDepth() {
            StringBuilder text = new StringBuilder("{");
            for (int i = 0; i < 100; i++) {
                text.append("\"k").append(i).append("\":").append(nestedObjects(JsonText.MAX_DEPTH - 1)).append(',');
            }
            text.append("\"z\":0}");

            assertEquals(101, parse(text.toString()).size());
        }

        @Test
        void hostileNestingIsRefusedBeforeParsingInsteadOfExhaustingTheStack() {
            String hostile = "{\"a\":" + "[".repeat(1_000_000);

            assertMessageContains("deeper than 32 levels", refused(hostile));
        }

        @Test
        void bracketsInsideStringsDoNotCount() {
            String text = "{\"a\":\"" + "[{".repeat(100) + "\",\"" + "{[".repeat(100) + "\":1}";

            JsonObject object = assertDoesNotThrow(() -> parse(text));

            assertEquals("[{".repeat(100), object.getString("a"));
        }

        @Test
        void anEscapedQuoteDoesNotEndTheString() {
            // If \" ended the string, the brackets after it would count and exceed the limit
            String text = "{\"a\":\"\\\"" + "[".repeat(100) + "\"}";

            JsonObject object = assertDoesNotThrow(() -> parse(text));

            assertEquals("\"" + "[".repeat(100), object.getString("a"));
        }

        @Test
        void anEscapedBackslashBeforeTheClosingQuoteEndsTheString() {
            // {"a":"\\","b":"[[[..."}: the string "\\" ends at its quote; the brackets are inside the string "b"
            String text = "{\"a\":\"\\\\\",\"b\":\"" + "[".repeat(100) + "\"}";

            JsonObject object = assertDoesNotThrow(() -> parse(text));

            assertEquals("\\", object.getString("a"));
            assertEquals("[".repeat(100), object.getString("b"));
        }

        @Test
        void bracketsAfterAStringWithEscapesStillCount() {
            String text = "{\"a\":\"\\\"\\\\\",\"b\":" + nestedObjects(JsonText.MAX_DEPTH) + "}";

            assertMessageContains("deeper than 32 levels", refused(text));
        }
    }

    @Nested
    class DuplicateKeys {

        @Test
        void aDuplicateTopLevelKeyIsRefused() {
            InvalidEventException refusal = refused("{\"user_id\":\"a\",\"user_id\":\"b\"}");

            assertMessageContains("not valid JSON", refusal);
        }

        @Test
        void aDuplicateKeyInANestedObjectIsRefused() {
            refused("{\"payload\":{\"items\":[{\"id\":1,\"id\":2}]}}");
        }

        @Test
        void keysThatAreTheSameOnceUnescapedAreDuplicates() {
            refused("{\"a\":1,\"\\u0061\":2}");
        }

        @Test
        void theSameKeyInSeparateObjectsIsNoDuplicate() {
            assertDoesNotThrow(() -> parse("{\"a\":{\"id\":1},\"b\":{\"id\":2},\"c\":[{\"id\":3},{\"id\":4}]}"));
        }
    }

    @Nested
    class TextPostgresqlCannotStore {

        @Test
        void anEscapedNulInAValueIsRefusedNamingItsPlace() {
            InvalidEventException refusal = refused("{\"message\":\"a\\u0000b\"}");

            assertMessageContains("NUL", refusal);
            assertMessageContains("'message'", refusal);
        }

        @Test
        void anEscapedNulInAKeyIsRefused() {
            assertMessageContains("NUL", refused("{\"payload\":{\"a\\u0000\":1}}"));
        }

        @Test
        void anEscapedNulDeepInThePayloadIsRefusedNamingItsPath() {
            InvalidEventException refusal = refused("{\"payload\":{\"list\":[\"ok\",[\"\\u0000\"]]}}");

            assertMessageContains("NUL", refusal);
            assertMessageContains("'payload.list[1][0]'", refusal);
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "\\ud83d",              // high surrogate alone
                "\\ude00",              // low surrogate alone
                "x\\ud83dy",            // high surrogate followed by an ordinary character
                "\\ude00\\ud83d",       // the pair in the wrong order
                "\\ud83d\\ud83d",       // two high surrogates
                "\\ud83d\\ude00\\ud83d" // a valid pair, then a lone high surrogate at the end
        })
        void anUnpairedSurrogateEscapeIsRefused(String escaped) {
            assertMessageContains("unpaired", refused("{\"message\":\"" + escaped + "\"}"));
        }

        @Test
        void anUnpairedSurrogateEscapeInAKeyIsRefused() {
            assertMessageContains("unpaired", refused("{\"payload\":{\"\\udc00\":1}}"));
        }

        @Test
        void anUnpairedSurrogateEscapeInAPayloadArrayIsRefused() {
            assertMessageContains("unpaired", refused("{\"payload\":{\"list\":[\"\\ud800\"]}}"));
        }

        @Test
        void aValidSurrogatePairEscapeIsAccepted() {
            JsonObject object = parse("{\"message\":\"smile \\ud83d\\ude00\",\"\\ud83d\\ude00\":\"key\"}");

            assertEquals("smile \uD83D\uDE00", object.getString("message"));
            assertEquals("smile 😀", object.getString("message"));
            assertEquals("key", object.getString("😀"));
        }
    }

    @Nested
    class Numbers {

        @ParameterizedTest
        @ValueSource(strings = {"0", "-3", "1.5", "1e10", "-2.5E-3", "12345678901234567890", "0.000001"})
        void ordinaryNumbersAreAccepted(String number) {
            JsonObject object = parse("{\"n\":" + number + "}");

            assertEquals(new java.math.BigDecimal(number), object.getJsonNumber("n").bigDecimalValue());
        }

        @ParameterizedTest
        @ValueSource(strings = {"1e999999", "-1e999999", "1e-5000", "1E+1001"})
        void numbersBeyondWhatPostgresqlStoresAreRefused(String number) {
            assertMessageContains("out of range", refused("{\"n\":" + number + "}"));
        }

        @Test
        void aThousandDigitsBeforeOrAfterThePointAreAccepted() {
            assertEquals(1000, JsonText.MAX_NUMBER_DIGITS);

            assertDoesNotThrow(() -> parse("{\"n\":" + "9".repeat(1000) + "}"));
            assertDoesNotThrow(() -> parse("{\"n\":0." + "1".repeat(1000) + "}"));
            assertDoesNotThrow(() -> parse("{\"n\":1e999}"));
            assertDoesNotThrow(() -> parse("{\"n\":1e-1000}"));
        }

        @Test
        void aThousandAndOneDigitsBeforeOrAfterThePointAreRefused() {
            assertMessageContains("out of range", refused("{\"n\":" + "9".repeat(1001) + "}"));
            assertMessageContains("out of range", refused("{\"n\":0." + "1".repeat(1001) + "}"));
            assertMessageContains("out of range", refused("{\"n\":1e1000}"));
            assertMessageContains("out of range", refused("{\"n\":1e-1001}"));
        }

        @Test
        void anOutOfRangeNumberInThePayloadIsRefusedNamingItsPath() {
            InvalidEventException refusal = refused("{\"payload\":{\"values\":[1,2,1e999999]}}");

            assertMessageContains("'payload.values[2]'", refusal);
        }
    }
}
