package io.notifications.api.stream.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class StoredNoticesTest {

    private static final UUID WATCHED = UUID.randomUUID();

    @Test
    void keepsTheEventIdsOfWatchedUsersInTheirOrder() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        String payload = WATCHED + ":" + a + "," + UUID.randomUUID() + ":" + UUID.randomUUID() + "," + WATCHED + ":" + b;

        assertEquals(List.of(a, b), List.copyOf(StoredNotices.eventIdsOf(payload, WATCHED::equals)));
    }

    @Test
    void skipsWhatIsNotAPairAndNeverFails() {
        UUID a = UUID.randomUUID();
        for (String payload : new String[] {"", "x", ",,,", WATCHED + ":", WATCHED + ":" + a + "x", "hello:" + a}) {
            assertEquals(Set.of(), StoredNotices.eventIdsOf(payload, user -> true), payload);
        }
        assertEquals(Set.of(), StoredNotices.eventIdsOf(null, user -> true));
    }

    @Test
    void theTriggerInTheSchemaNotifiesOnThisChannelUnderTheLimit() throws IOException {
        Path initSql = Path.of("..", "db", "init.sql");
        String schema = Files.readString(initSql);

        assertTrue(schema.contains("pg_notify('" + StoredNotices.CHANNEL + "'"), "db/init.sql notifies on " + StoredNotices.CHANNEL);
        assertTrue(schema.contains("/ 100 AS part"), "100 pairs a notification");
        String pair = UUID.randomUUID() + ":" + UUID.randomUUID();
        assertTrue(100 * pair.length() + 99 < 8000, "100 pairs and their commas fit under PostgreSQL's 8000 bytes");
    }
}
