package io.notifications.api.events.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.notifications.api.messaging.BrokerUnavailableException;
import io.notifications.message.Event;
import io.notifications.message.FieldError;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class BatchPublishingTest {

    /** A publisher whose confirms the test gives by hand, one pending stage per published event. */
    private static final class HandConfirmedPublisher implements EventPublisher {
        final List<Event> published = new ArrayList<>();
        final List<CompletableFuture<Void>> confirms = new ArrayList<>();
        int throwAt = -1;

        @Override
        public CompletionStage<Void> publish(Event event) {
            if (published.size() == throwAt) {
                throwAt = -1;
                throw new BrokerUnavailableException("RabbitMQ blocks publishers: low memory");
            }
            published.add(event);
            CompletableFuture<Void> confirm = new CompletableFuture<>();
            confirms.add(confirm);
            return confirm;
        }
    }

    private final HandConfirmedPublisher publisher = new HandConfirmedPublisher();

    private static List<Event> events(int count) {
        return Stream.generate(() -> new Event(UUID.randomUUID(), UUID.randomUUID(), "t", "m", null, Instant.now())).limit(count).toList();
    }

    @Test
    void everyEventIsPublishedBeforeAnyConfirmIsAwaited() {
        List<Event> events = events(3);

        BatchPublishing.publishAll(publisher, events);

        assertEquals(events, publisher.published);
    }

    @Test
    void theOutcomeWaitsForTheLastConfirmAndIsEmptyWhenAllAreConfirmed() {
        CompletableFuture<List<FieldError>> outcome = BatchPublishing.publishAll(publisher, events(3)).toCompletableFuture();

        publisher.confirms.get(2).complete(null);
        publisher.confirms.get(0).complete(null);
        assertFalse(outcome.isDone(), "the event at [1] is not confirmed yet");

        publisher.confirms.get(1).complete(null);
        assertEquals(List.of(), outcome.join());
    }

    @Test
    void eachUnconfirmedEventIsNamedByItsIndexOnceEveryPublishSettled() {
        CompletableFuture<List<FieldError>> outcome = BatchPublishing.publishAll(publisher, events(4)).toCompletableFuture();

        publisher.confirms.get(1).completeExceptionally(new BrokerUnavailableException("RabbitMQ refused the message (negative confirm)"));
        publisher.confirms.get(3).completeExceptionally(new BrokerUnavailableException("RabbitMQ did not confirm within 5000 ms"));
        publisher.confirms.get(0).complete(null);
        assertFalse(outcome.isDone(), "a refusal does not end the wait for the others: [2] is still pending");

        publisher.confirms.get(2).complete(null);
        assertEquals(List.of(new FieldError("[1]", "not confirmed: RabbitMQ refused the message (negative confirm)"),
                new FieldError("[3]", "not confirmed: RabbitMQ did not confirm within 5000 ms")), outcome.join());
    }

    @Test
    void anEventThatCannotBeSentStopsTheRestOfTheBatchFromBeingSent() {
        publisher.throwAt = 1;

        CompletableFuture<List<FieldError>> outcome = BatchPublishing.publishAll(publisher, events(3)).toCompletableFuture();

        assertEquals(1, publisher.published.size(), "only the event before it was sent");
        publisher.confirms.get(0).complete(null);
        List<FieldError> unconfirmed = outcome.join();
        assertEquals(List.of("[1]", "[2]"), unconfirmed.stream().map(FieldError::field).toList());
        assertTrue(unconfirmed.get(0).message().contains("blocks publishers"), unconfirmed::toString);
        assertTrue(unconfirmed.get(1).message().contains("[1] could not be sent"), unconfirmed::toString);
    }
}
