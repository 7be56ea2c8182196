package io.notifications.message;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.notifications.message.InvalidEventException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A top-level value that is not an object gets a message saying so. */
class JsonTextTopLevelValueTest {

    @ParameterizedTest
    @ValueSource(strings = {"\"text\"", "42", "true", "null"})
    void aTopLevelScalarIsRefusedSayingAnObjectIsExpected(String scalar) {
        InvalidEventException refusal = assertThrows(InvalidEventException.class,
                () -> JsonText.parseObject(scalar.getBytes(StandardCharsets.UTF_8)));

        assertTrue(refusal.getMessage().contains("must be a JSON object"), refusal.getMessage());
    }
}
