package io.notifications.api.deadletters.boundary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LimitTest {

    @Test
    void withoutALimitItIsFifty() {
        assertEquals(OptionalInt.of(50), Limit.parse(null));
        assertEquals(OptionalInt.of(50), Limit.parse(""));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 500})
    void aWholeNumberFromOneToFiveHundredIsTheLimit(int limit) {
        assertEquals(OptionalInt.of(limit), Limit.parse(String.valueOf(limit)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "501", "99999999999", "ten", "1.5", "0x10"})
    void anythingElseIsRefused(String limit) {
        assertEquals(OptionalInt.empty(), Limit.parse(limit));
    }
}
