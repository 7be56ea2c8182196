package io.notifications.api.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The reason tag of a refusal comes from its status alone: a handful of values, nothing from the request. */
class RejectionTest {

    @ParameterizedTest(name = "{0} -> {2}")
    @CsvSource({
            "400, false, invalid",
            "401, false, unauthorized",
            "404, false, not_found",
            "405, false, method_not_allowed",
            "413, false, too_large",
            "415, false, unsupported_type",
            "500, false, internal_error",
            "503, false, broker_unavailable",
            "503, true,  shutting_down",
            "406, false, other",
            "429, false, other",
            "502, false, other"})
    void statusGivesTheReason(int status, boolean shuttingDown, String tag) {
        assertEquals(tag, Rejection.of(status, shuttingDown).tag());
    }
}
