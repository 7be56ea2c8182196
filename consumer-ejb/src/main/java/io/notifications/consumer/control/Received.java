package io.notifications.consumer.control;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Delivery;

/** A delivery with the channel it came on: only that channel can acknowledge it. */
public record Received(Channel channel, Delivery delivery) {

    public long tag() {
        return delivery.getEnvelope().getDeliveryTag();
    }
}
