package io.github.bilibiliapi.live.kafka;

import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.api.RequestSettings;
import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.ClientSettings;
import io.github.bilibiliapi.client.jdk.JdkBiliApiClient;
import io.github.bilibiliapi.test.FakeBilibiliServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** Pieces shared by the cluster tests: the embedded broker, topics, an application instance, the events reader. */
final class ClusterFixture {

    static final ClientSettings CLIENT = new ClientSettings("", Duration.ofSeconds(30), true, false);

    private ClusterFixture() {
    }

    /** A one-node KRaft broker that lets a test use short session timeouts and rebalances at once. */
    static EmbeddedKafkaKraftBroker broker() {
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
        broker.brokerProperty("group.min.session.timeout.ms", "1000");
        // a topic that is missing stays missing: the publish-failure test relies on it
        broker.brokerProperty("auto.create.topics.enable", "false");
        broker.afterPropertiesSet();
        return broker;
    }

    static void createTopics(EmbeddedKafkaKraftBroker broker, LiveClusterSettings s, int partitions) {
        broker.addTopics(new NewTopic(s.roomsTopic(), partitions, (short) 1)
                        .configs(Map.of("cleanup.policy", "compact")),
                new NewTopic(s.eventsTopic(), partitions, (short) 1));
    }

    static Map<String, Object> producerProps(EmbeddedKafkaKraftBroker broker) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return p;
    }

    /** A template whose producer is never created (argument checks happen before any I/O). */
    static KafkaTemplate<String, String> templateWithoutBroker() {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        return LiveClusterKafka.eventTemplate(new DefaultKafkaProducerFactory<>(p));
    }

    static KafkaTemplate<String, String> template(EmbeddedKafkaKraftBroker broker) {
        return LiveClusterKafka.eventTemplate(new DefaultKafkaProducerFactory<>(producerProps(broker)));
    }

    /** One application: its own HTTP client, context, danmaku threads, producer, consumer and meters. */
    static final class Instance implements AutoCloseable {
        final String name;
        final BiliApiClient client;
        final LiveDanmakuSource source;
        final KafkaTemplate<String, String> template;
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        final LiveRoomWatcher watcher;

        /**
         * @param crashLike when true its consumer does not leave the group on close, so stopping it looks like a
         *                  crash to the group: its partitions move only after the session timeout
         */
        Instance(String name, EmbeddedKafkaKraftBroker broker, FakeBilibiliServer server, LiveClusterSettings s,
                boolean crashLike) {
            this(name, broker, server, s, crashLike, Map.of());
        }

        Instance(String name, EmbeddedKafkaKraftBroker broker, FakeBilibiliServer server, LiveClusterSettings s,
                boolean crashLike, Map<String, Object> producerOverrides) {
            this.name = name;
            this.client = JdkBiliApiClient.create(CLIENT, null);
            BiliContext context = BiliContext.builder().client(client)
                    .settings(RequestSettings.builder().redirectTo(server.httpBaseUrl()).build()).build();
            this.source = new LiveDanmakuSource(context, 2, b -> b.reconnectBackoff(Duration.ofMillis(200),
                    Duration.ofSeconds(2)));
            Map<String, Object> p = producerProps(broker);
            p.putAll(producerOverrides);
            this.template = LiveClusterKafka.eventTemplate(new DefaultKafkaProducerFactory<>(p));
            Map<String, Object> c = new HashMap<>();
            c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
            if (crashLike) {
                c.put("internal.leave.group.on.close", false);
            }
            DefaultKafkaConsumerFactory<String, String> consumers = new DefaultKafkaConsumerFactory<>(c,
                    new StringDeserializer(), new StringDeserializer());
            this.watcher = new LiveRoomWatcher(s.toBuilder().instanceId(name).build(), consumers, template, source,
                    registry);
        }

        double counter(String name, String... tags) {
            var search = registry.find(ClusterMetrics.PREFIX + name);
            if (tags.length > 0) {
                search = search.tags(tags);
            }
            var c = search.counter();
            return c == null ? 0 : c.count();
        }

        @Override
        public void close() {
            watcher.stop();
            source.close();
            template.destroy();
            client.close();
        }
    }

    /** Reads the whole events topic (no group) and indexes it. */
    static final class EventsReader implements AutoCloseable {
        private final KafkaConsumer<String, String> consumer;
        final Map<String, Integer> idCounts = new ConcurrentHashMap<>();
        final Map<Long, Set<String>> danmuTexts = new ConcurrentHashMap<>();
        final Map<Long, Set<String>> instances = new ConcurrentHashMap<>();
        long records;
        long keyMismatches;

        EventsReader(EmbeddedKafkaKraftBroker broker, String topic, int partitions) {
            Map<String, Object> c = new HashMap<>();
            c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
            c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            consumer = new KafkaConsumer<>(c, new StringDeserializer(), new StringDeserializer());
            List<TopicPartition> all = new java.util.ArrayList<>();
            for (int p = 0; p < partitions; p++) {
                all.add(new TopicPartition(topic, p));
            }
            consumer.assign(all);
            consumer.seekToBeginning(all);
        }

        /** Reads what is there now. */
        EventsReader poll() {
            for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                records++;
                ClusterEvent e = ClusterEvent.parse(r.value());
                if (!Long.toString(e.room()).equals(r.key())) {
                    keyMismatches++;
                }
                idCounts.merge(e.id(), 1, Integer::sum);
                instances.computeIfAbsent(e.room(), k -> ConcurrentHashMap.newKeySet()).add(e.instance());
                if (e.type().equals("DANMU_MSG")) {
                    danmuTexts.computeIfAbsent(e.room(), k -> ConcurrentHashMap.newKeySet())
                            .add(e.fields().path("text").asString());
                }
            }
            return this;
        }

        long duplicates() {
            return idCounts.values().stream().mapToLong(n -> n - 1L).sum();
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
