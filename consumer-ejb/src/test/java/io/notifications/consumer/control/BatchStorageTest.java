package io.notifications.consumer.control;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** A batch spans the channels its deliveries came on: each channel acknowledges only its own deliveries. */
class BatchStorageTest {

    private record Delivery(Object channel, long tag) {
    }

    private static final Object OLD = new Object();
    private static final Object NEW = new Object();

    @Test
    void aBatchOfOneChannelIsOneRun() {
        List<Delivery> batch = List.of(new Delivery(OLD, 1), new Delivery(OLD, 2));

        assertEquals(List.of(batch), BatchStorage.runs(batch, Delivery::channel));
    }

    @Test
    void theLastDeliveriesOfAnOldChannelAndTheFirstOfANewOneAreSettledApartInTheirOrder() {
        Delivery last = new Delivery(OLD, 41);
        Delivery first = new Delivery(NEW, 1);
        Delivery second = new Delivery(NEW, 2);

        assertEquals(List.of(List.of(last), List.of(first, second)),
                BatchStorage.runs(List.of(last, first, second), Delivery::channel));
    }

    @Test
    void channelsAreToldApartByIdentity() {
        Function<Delivery, Object> channel = Delivery::channel;
        Object equalButOther = new Object() {
            @Override
            public boolean equals(Object other) {
                return true;
            }
        };

        assertEquals(2, BatchStorage.runs(List.of(new Delivery(OLD, 1), new Delivery(equalButOther, 1)), channel).size());
        assertEquals(List.of(), BatchStorage.runs(List.<Delivery>of(), channel));
    }
}
