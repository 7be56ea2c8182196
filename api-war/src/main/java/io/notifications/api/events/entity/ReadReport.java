package io.notifications.api.events.entity;

/**
 * What marking events read did. For given ids, each distinct id counts once, in exactly one of the three; for all of
 * a user's events, only {@code marked} means anything.
 *
 * @param marked      events that were unread and are read now, at this request's instant
 * @param alreadyRead events of the user read before, which keep their first {@code read_at}
 * @param unknown     ids of no stored event of the user: never stored, not stored yet, or another user's
 */
public record ReadReport(long marked, long alreadyRead, long unknown) {
}
