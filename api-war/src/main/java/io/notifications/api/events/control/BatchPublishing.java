package io.notifications.api.events.control;

import io.notifications.api.messaging.BrokerUnavailableException;
import io.notifications.message.Event;
import io.notifications.message.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Publishes the events of a batch all at once, each on the shared channels as a single event is, so that their
 * confirms come back together and no thread waits for any of them.
 */
public final class BatchPublishing {

    private BatchPublishing() {
    }

    /**
     * Publishes every event and completes once every publish has settled (confirmed, refused or timed out), never
     * exceptionally, with one {@link FieldError} {@code [index]} for each event RabbitMQ did not confirm: empty when
     * all are confirmed. When an event cannot even be sent (the broker blocks publishers, no channel opens), the events
     * after it are not sent either: they would meet the same broker.
     *
     * @throws RuntimeException what {@link EventPublisher#publish} throws other than a broker failure, a bug
     */
    public static CompletionStage<List<FieldError>> publishAll(EventPublisher publisher, List<Event> events) {
        List<CompletableFuture<FieldError>> outcomes = new ArrayList<>(events.size());
        String notSent = null;
        for (int index = 0; index < events.size(); index++) {
            String field = "[" + index + "]";
            if (notSent != null) {
                outcomes.add(CompletableFuture.completedFuture(new FieldError(field, notSent)));
                continue;
            }
            try {
                outcomes.add(publisher.publish(events.get(index)).toCompletableFuture()
                        .handle((confirmed, failure) -> failure == null ? null : new FieldError(field, reason(failure))));
            } catch (BrokerUnavailableException e) {
                outcomes.add(CompletableFuture.completedFuture(new FieldError(field, "not sent: " + e.getMessage())));
                notSent = "not sent: the event at " + field + " could not be sent";
            }
        }
        return CompletableFuture.allOf(outcomes.toArray(CompletableFuture[]::new))
                .thenApply(allSettled -> outcomes.stream().map(CompletableFuture::join).filter(error -> error != null).toList());
    }

    private static String reason(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        return "not confirmed: " + (cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName());
    }
}
