package io.notifications.api.deadletters.entity;

import io.notifications.message.JsonBuilders;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.util.List;

/**
 * The oldest parked messages, oldest first, and how many the dead-letter queue holds.
 *
 * @param total       messages waiting in the dead-letter queue when the listing began (the listed ones included)
 * @param deadLetters at most the requested number, oldest first
 */
public record DeadLetterListing(long total, List<DeadLetter> deadLetters) {

    public DeadLetterListing {
        deadLetters = List.copyOf(deadLetters);
    }

    public JsonObject toJson() {
        JsonArrayBuilder letters = JsonBuilders.array();
        deadLetters.forEach(letter -> letters.add(letter.toJson()));
        return JsonBuilders.object()
                .add("total", total)
                .add("listed", deadLetters.size())
                .add("dead_letters", letters)
                .build();
    }
}
