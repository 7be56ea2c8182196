package io.notifications.message;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.notifications.message.InvalidEventException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Numbers the parser itself chokes on are refused as out of range or invalid, never with an unexpected exception. */
class JsonTextHostileNumbersTest {

    @ParameterizedTest
    @ValueSource(strings = {
            "2000 integer digits",
            "2000 decimals",
            "1e2147483648",
            "1e-2147483649",
            "1e99999999999"})
    void numbersParssonCannotTurnIntoABigDecimalAreRefusedAsOutOfRange(String number) {
        String text = switch (number) {
            case "2000 integer digits" -> "9".repeat(2000);
            case "2000 decimals" -> "0." + "1".repeat(2000);
            default -> number;
        };
        byte[] body = ("{\"n\":" + text + "}").getBytes(StandardCharsets.UTF_8);

        InvalidEventException refusal = assertThrows(InvalidEventException.class, () -> JsonText.parseObject(body));

        assertTrue(refusal.getMessage().contains("out of range"), refusal.getMessage());
    }
}
