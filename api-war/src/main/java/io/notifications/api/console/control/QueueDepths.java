package io.notifications.api.console.control;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import io.notifications.api.console.entity.QueueDepth;
import io.notifications.message.BrokerSettings;
import io.notifications.message.Topology;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * How many messages wait in each queue of the topology, and how many consumers read them: a passive declare of each
 * (which changes nothing, and fails for a queue that does not exist) on a channel of the API's connection, opened and
 * closed for the purpose.
 */
@ApplicationScoped
public class QueueDepths {

    // A channel of its own for each reading, closed by its producer when destroyed.
    @Inject
    Instance<Channel> channels;

    @Inject
    BrokerSettings broker;

    /**
     * The main queue, each retry queue (shortest delay first) and the dead-letter queue.
     *
     * @throws io.notifications.api.messaging.BrokerUnavailableException when no channel can be opened
     */
    public List<QueueDepth> read() {
        List<QueueDepth> depths = new ArrayList<>();
        Channel channel = channels.get();
        try {
            for (String[] queue : queues()) {
                try {
                    AMQP.Queue.DeclareOk declared = channel.queueDeclarePassive(queue[0]);
                    depths.add(new QueueDepth(queue[0], queue[1], declared.getMessageCount(), declared.getConsumerCount()));
                } catch (IOException | RuntimeException e) {
                    // RabbitMQ closes the channel of a passive declare that failed: the next queue needs a new one.
                    depths.add(QueueDepth.missing(queue[0], queue[1]));
                    channels.destroy(channel);
                    channel = channels.get();
                }
            }
        } finally {
            channels.destroy(channel);
        }
        return depths;
    }

    /** Name and role of each queue, in the order a message travels. */
    List<String[]> queues() {
        List<String[]> queues = new ArrayList<>();
        queues.add(new String[] {Topology.QUEUE, "main"});
        broker.topology().retryDelays().stream().distinct().sorted()
                .map(Topology::retryQueue)
                .forEach(name -> queues.add(new String[] {name, "retry"}));
        queues.add(new String[] {Topology.DEAD_LETTER_QUEUE, "dead"});
        return queues;
    }
}
