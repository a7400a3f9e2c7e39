package io.github.bilibiliapi.live.kafka;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.core.ProducerFactory;

/** Builds the Kafka pieces the cluster needs from an application's own factories. */
public final class LiveClusterKafka {

    private LiveClusterKafka() {
    }

    /**
     * The producer settings the events need, laid over the application's: String keys and values, {@code acks=all}
     * and idempotence (no duplicates or reordering from the producer's own retries).
     *
     * @return the overrides
     */
    public static Map<String, Object> producerOverrides() {
        Map<String, Object> m = new HashMap<>();
        m.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        m.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        m.put(ProducerConfig.ACKS_CONFIG, "all");
        m.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        m.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        return m;
    }

    /**
     * A template for events and room records over the application's producer factory (its connection and security
     * settings), with {@link #producerOverrides()}.
     *
     * @param producerFactory the application's factory
     * @return a template of String keys and values
     */
    @SuppressWarnings("unchecked")
    public static KafkaTemplate<String, String> eventTemplate(ProducerFactory<?, ?> producerFactory) {
        Objects.requireNonNull(producerFactory, "producerFactory");
        return new KafkaTemplate<>((ProducerFactory<String, String>) producerFactory, producerOverrides());
    }
}
