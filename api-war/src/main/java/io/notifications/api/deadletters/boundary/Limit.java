package io.notifications.api.deadletters.boundary;

import java.util.OptionalInt;

/** The {@code limit} query parameter: how many parked messages one call reads or replays. */
final class Limit {

    static final int DEFAULT = 50;
    static final int MAX = 500;

    private Limit() {
    }

    /** The limit given, the default when none is, or empty when it is not a whole number from 1 to {@value #MAX}. */
    static OptionalInt parse(String text) {
        if (text == null || text.isBlank()) {
            return OptionalInt.of(DEFAULT);
        }
        try {
            int limit = Integer.parseInt(text.strip());
            return limit >= 1 && limit <= MAX ? OptionalInt.of(limit) : OptionalInt.empty();
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
