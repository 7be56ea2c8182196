package io.notifications.api.console.entity;

/**
 * A queue of the topology as RabbitMQ reports it to a passive declare.
 *
 * @param role      {@code main}, {@code retry} or {@code dead}
 * @param messages  messages ready in the queue (not those delivered and not yet acknowledged), or -1 when it is missing
 * @param consumers consumers attached, or -1 when the queue is missing
 */
public record QueueDepth(String name, String role, long messages, long consumers) {

    public static QueueDepth missing(String name, String role) {
        return new QueueDepth(name, role, -1, -1);
    }
}
