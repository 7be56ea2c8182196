package io.notifications.consumer.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.notifications.consumer.control.BatchInsert.Outcome;
import io.notifications.consumer.control.BatchInsert.Result;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which deliveries of a stored batch one multiple acknowledgement covers, and which are forwarded on their own. */
class SettlementTest {

    private static final Outcome INSERTED = new Outcome(Result.INSERTED, null);
    private static final Outcome DUPLICATE = new Outcome(Result.DUPLICATE, null);
    private static final Outcome REFUSED = new Outcome(Result.REFUSED, new IllegalStateException(new SQLException("bad", "22008")));
    private static final Outcome FAILED = new Outcome(Result.FAILED, new IllegalStateException("deadlock"));

    @Test
    void aBatchStoredInFullIsAcknowledgedUpToItsLastDelivery() {
        Settlement settlement = Settlement.of(List.of(INSERTED, INSERTED, DUPLICATE), new long[] {4, 5, 6});

        assertEquals(new Settlement(6, 2, 1, List.of(), List.of()), settlement);
    }

    @Test
    void theAcknowledgementEndsAtTheLastStoredEventNotAtAForwardedOne() {
        // A tag acknowledged twice closes the channel: 8 and 9 are acknowledged on their own once their copies are confirmed.
        Settlement settlement = Settlement.of(List.of(INSERTED, DUPLICATE, REFUSED, FAILED), new long[] {6, 7, 8, 9});

        assertEquals(7, settlement.acknowledgeUpTo());
        assertEquals(List.of(2), settlement.refused());
        assertEquals(List.of(3), settlement.failed());
    }

    @Test
    void storedEventsAfterAForwardedOneMoveTheAcknowledgementPastIt() {
        Settlement settlement = Settlement.of(List.of(REFUSED, INSERTED), new long[] {10, 11});

        assertEquals(11, settlement.acknowledgeUpTo());
        assertEquals(1, settlement.inserted());
    }

    @Test
    void aBatchWithNothingStoredIsNotAcknowledgedAsAWhole() {
        Settlement settlement = Settlement.of(List.of(FAILED, REFUSED), new long[] {3, 4});

        assertEquals(new Settlement(0, 0, 0, List.of(1), List.of(0)), settlement);
    }
}
