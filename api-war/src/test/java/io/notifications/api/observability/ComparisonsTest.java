package io.notifications.api.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ComparisonsTest {

    @Test
    void eachComparisonBecomesABoolComparison() {
        assertEquals("a > bool 0 and b == bool 0", Comparisons.asBool("a > 0 and b == 0"));
        assertEquals("a >= bool 1", Comparisons.asBool("a >= 1"));
        assertEquals("a <= bool 1 or a != bool 2 or a < bool 3", Comparisons.asBool("a <= 1 or a != 2 or a < 3"));
    }

    @Test
    void labelMatchersDurationsAndStringsAreLeftAlone() {
        String expression = "sum(rate(x{reason=~\"a|b\", job!=\"c\", quantile=\"0.99\", text=\"1 > 0\"}[5m])) / 1e9";
        assertEquals(expression, Comparisons.asBool(expression));
    }

    @Test
    void aBoolComparisonStaysAsItIs() {
        assertEquals("up == bool 0", Comparisons.asBool("up == bool 0"));
    }
}
