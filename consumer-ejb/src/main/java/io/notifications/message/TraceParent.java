package io.notifications.message;

import java.util.concurrent.ThreadLocalRandom;

/**
 * A W3C Trace Context {@code traceparent} (https://www.w3.org/TR/trace-context/): {@code 00-<trace-id>-<parent-id>-<flags>},
 * lower-case hex. The trace id is the correlation id of an event: it comes with the request or is made for it, travels
 * in the message's {@value #HEADER} header, appears in the consumer's log lines and is stored with the row.
 *
 * @param traceId  32 hex digits, not all zeros: the whole journey of the request
 * @param parentId 16 hex digits, not all zeros: the span of whoever sent this header
 * @param flags    2 hex digits ({@code 01}: sampled)
 */
public record TraceParent(String traceId, String parentId, String flags) {

    /** The header's name, on the HTTP request and on the AMQP message alike. */
    public static final String HEADER = "traceparent";

    private static final String VERSION = "00";
    private static final int LENGTH = 55; // 2 + 1 + 32 + 1 + 16 + 1 + 2
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /**
     * The header's value as a {@code traceparent}, or {@code null} when it is not one this service understands:
     * absent, not version {@code 00} in exactly its 55 characters, upper-case or non-hex digits, or an all-zero trace
     * or parent id. The specification says to ignore an invalid header and start a new trace, which is what callers do:
     * a bad header is never a reason to refuse a request.
     */
    public static TraceParent parse(String header) {
        if (header == null) {
            return null;
        }
        String value = header.strip();
        if (value.length() != LENGTH || !value.startsWith(VERSION) || value.charAt(2) != '-' || value.charAt(35) != '-'
                || value.charAt(52) != '-') {
            return null;
        }
        String traceId = value.substring(3, 35);
        String parentId = value.substring(36, 52);
        String flags = value.substring(53, 55);
        if (!isLowerHex(traceId) || !isLowerHex(parentId) || !isLowerHex(flags) || isZeros(traceId) || isZeros(parentId)) {
            return null;
        }
        return new TraceParent(traceId, parentId, flags);
    }

    /** The header when it is valid, else a new trace: the one rule of the API for incoming requests. */
    public static TraceParent parseOrStart(String header) {
        TraceParent given = parse(header);
        return given != null ? given : start();
    }

    /** A new trace, sampled, with random ids (not for security: they only need to be unlikely to collide). */
    public static TraceParent start() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high;
        do {
            high = random.nextLong();
        } while (high == 0);
        return new TraceParent(hex(high) + hex(random.nextLong()), newSpanId(), "01");
    }

    /**
     * The header this service sends on: the same trace and flags, with a span id of its own as the parent of the next
     * hop (the specification's rule for a participant that forwards the trace).
     */
    public TraceParent child() {
        return new TraceParent(traceId, newSpanId(), flags);
    }

    /** The {@code traceparent} header's value. */
    public String header() {
        return VERSION + '-' + traceId + '-' + parentId + '-' + flags;
    }

    @Override
    public String toString() {
        return header();
    }

    /** The trace id of a header that is a valid {@code traceparent}, else {@code null}. */
    public static String traceIdOf(Object header) {
        TraceParent parsed = header == null ? null : parse(header.toString());
        return parsed == null ? null : parsed.traceId();
    }

    private static String newSpanId() {
        long id;
        do {
            id = ThreadLocalRandom.current().nextLong();
        } while (id == 0);
        return hex(id);
    }

    private static String hex(long value) {
        char[] digits = new char[16];
        for (int i = 15; i >= 0; i--) {
            digits[i] = HEX[(int) (value & 0xf)];
            value >>>= 4;
        }
        return new String(digits);
    }

    private static boolean isLowerHex(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isZeros(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }
}
