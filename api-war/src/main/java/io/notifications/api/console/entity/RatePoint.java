package io.notifications.api.console.entity;

import java.time.Instant;

/**
 * Rates per second of the console's counters over one sampling interval.
 *
 * @param at        the end of the interval
 * @param perSecond one rate per counter, in the order of {@code EventRates.COUNTERS}
 */
public record RatePoint(Instant at, double[] perSecond) {
}
