package io.github.bilibiliapi.benchmarks;

import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.live.kafka.LiveClusterKafka;
import io.github.bilibiliapi.live.kafka.LiveClusterSettings;
import io.github.bilibiliapi.live.kafka.LiveDanmakuSource;
import io.github.bilibiliapi.live.kafka.LiveRoomWatcher;
import io.github.bilibiliapi.live.kafka.RoomDirectory;
import io.github.bilibiliapi.live.kafka.WatchSettings;
import io.github.bilibiliapi.test.FakeBilibiliServer;
import io.github.bilibiliapi.test.live.LiveModule;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The live-rooms cluster end to end in one JVM: Spring Kafka's embedded KRaft broker, the fake bilibili, {@code I}
 * {@link LiveRoomWatcher} instances (each its own JDK client, 2 danmaku threads, producer and consumer) and a reader of
 * the events topic. For each room count N: writes N rooms to the rooms topic, starts the instances, times until every
 * room is watched and authenticated at the fake, then broadcasts {@code M} DANMU_MSG to every room (batches of 10,
 * zlib) and times until the reader has read all N × M of them from the events topic. The room counts are tried in
 * order until one fails (not connected or not delivered within 3 minutes); the largest that passed is the ceiling
 * found. Writes {@code live-cluster.json} and a markdown section {@code live-cluster.md} for the report.
 *
 * <p>Usage: {@code LiveClusterScale <out-dir> <instances> <messages-per-room> N1 [N2 ...]}
 */
public final class LiveClusterScale {

    private static final Duration LIMIT = Duration.ofMinutes(3);
    private static final int PARTITIONS = 12;
    private static final int BATCH = 10;

    private LiveClusterScale() {
    }

    /**
     * Runs the room counts.
     *
     * @param args output directory, instances, messages per room, room counts
     * @throws Exception on an unexpected failure
     */
    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int instances = Integer.parseInt(args[1]);
        int messages = Integer.parseInt(args[2]);
        JsonMapper json = JsonMapper.builder().build();
        ArrayNode rows = json.createArrayNode();
        EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 1);
        broker.brokerProperty("group.initial.rebalance.delay.ms", "0");
        broker.afterPropertiesSet();
        try {
            int run = 0;
            for (int i = 3; i < args.length; i++) {
                int n = Integer.parseInt(args[i]);
                ObjectNode row;
                try {
                    row = run(json, broker, ++run, instances, n, messages);
                } catch (Exception | OutOfMemoryError e) {
                    e.printStackTrace();
                    row = json.createObjectNode().put("instances", instances).put("rooms", n)
                            .put("failure", String.valueOf(e)).put("passed", false);
                }
                System.out.println("live-cluster " + row);
                rows.add(row);
                if (!row.path("passed").asBoolean()) {
                    break;
                }
            }
        } finally {
            broker.destroy();
        }
        Files.createDirectories(out);
        json.writerWithDefaultPrettyPrinter().writeValue(out.resolve("live-cluster.json").toFile(), rows);
        Files.writeString(out.resolve("live-cluster.md"), markdown(rows, instances, messages), StandardCharsets.UTF_8);
    }

    private static ObjectNode run(JsonMapper json, EmbeddedKafkaKraftBroker broker, int run, int instanceCount, int n,
            int messages) throws Exception {
        ObjectNode row = json.createObjectNode();
        row.put("instances", instanceCount).put("rooms", n).put("roomsPerInstance", n / instanceCount)
                .put("messagesPerRoom", messages);
        LiveClusterSettings settings = LiveClusterSettings.builder().roomsTopic("scale-rooms-" + run)
                .eventsTopic("scale-events-" + run).groupId("scale-" + run).maxConcurrentConnects(64)
                .sessionTimeout(Duration.ofSeconds(10)).build();
        broker.addTopics(new NewTopic(settings.roomsTopic(), PARTITIONS, (short) 1)
                .configs(Map.of("cleanup.policy", "compact")), new NewTopic(settings.eventsTopic(), PARTITIONS,
                (short) 1));
        List<Runnable> closers = new ArrayList<>();
        List<LiveRoomWatcher> watchers = new ArrayList<>();
        List<MeterRegistry> registries = new ArrayList<>();
        try (FakeBilibiliServer server = FakeBilibiliServer.start()) {
            LiveModule live = server.module(LiveModule.class);
            KafkaTemplate<String, String> admin = LiveClusterKafka.eventTemplate(
                    new DefaultKafkaProducerFactory<>(producerProps(broker)));
            closers.add(admin::destroy);
            RoomDirectory directory = new RoomDirectory(admin, settings.roomsTopic());
            List<CompletableFuture<Void>> writes = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                long room = 90_000_000L + i;
                live.addRoom(0, room);
                writes.add(directory.watch(room, WatchSettings.ALL));
            }
            long writeStart = System.nanoTime();
            try {
                CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(LIMIT.toSeconds(),
                        TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                row.put("failure", "writing " + n + " rooms to the rooms topic took over " + LIMIT.toSeconds()
                        + " s").put("passed", false);
                return row;
            }
            row.put("roomsWriteSeconds", round((System.nanoTime() - writeStart) / 1e9));

            System.gc();
            long heapBefore = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            int threadsBefore = Thread.activeCount();
            long start = System.nanoTime();
            for (int i = 0; i < instanceCount; i++) {
                BiliApiClient client = Backends.create("jdk");
                BiliContext context = Backends.context(client, server);
                LiveDanmakuSource source = new LiveDanmakuSource(context, 2, b -> b);
                KafkaTemplate<String, String> template = LiveClusterKafka.eventTemplate(
                        new DefaultKafkaProducerFactory<>(producerProps(broker)));
                Map<String, Object> c = new HashMap<>();
                c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
                SimpleMeterRegistry registry = new SimpleMeterRegistry();
                LiveRoomWatcher watcher = new LiveRoomWatcher(settings.toBuilder().instanceId("i" + i).build(),
                        new DefaultKafkaConsumerFactory<>(c, new StringDeserializer(), new StringDeserializer()),
                        template, source, registry);
                watcher.start();
                watchers.add(watcher);
                registries.add(registry);
                closers.add(0, () -> {
                    watcher.stop();
                    source.close();
                    template.destroy();
                    client.close();
                });
            }
            long deadline = System.nanoTime() + LIMIT.toNanos();
            while ((watched(watchers) < n || live.authenticatedSessions() < n) && System.nanoTime() < deadline) {
                // a bounded poll of a condition without a completion signal, not a synchronization sleep
                TimeUnit.MILLISECONDS.sleep(20);
            }
            double connectSeconds = (System.nanoTime() - start) / 1e9;
            row.put("connectSeconds", round(connectSeconds)).put("authenticated", live.authenticatedSessions());
            if (live.authenticatedSessions() < n) {
                row.put("failure", "only " + live.authenticatedSessions() + " rooms connected after "
                        + LIMIT.toSeconds() + " s").put("passed", false);
                return row;
            }

            try (KafkaConsumer<String, String> reader = reader(broker, settings.eventsTopic())) {
                long expected = (long) n * messages;
                long sendStart = System.nanoTime();
                for (int sent = 0; sent < messages; sent += BATCH) {
                    List<String> batch = new ArrayList<>();
                    for (int k = sent; k < Math.min(messages, sent + BATCH); k++) {
                        batch.add(danmu("m" + k, k));
                    }
                    live.broadcastMessages(LiveModule.Compression.ZLIB, batch);
                }
                long got = 0;
                long records = 0;
                deadline = System.nanoTime() + LIMIT.toNanos();
                while (got < expected && System.nanoTime() < deadline) {
                    for (ConsumerRecord<String, String> r : reader.poll(Duration.ofMillis(100))) {
                        records++;
                        if (r.value().contains("\"type\":\"DANMU_MSG\"")) {
                            got++;
                        }
                    }
                }
                double seconds = (System.nanoTime() - sendStart) / 1e9;
                System.gc();
                long heapAfter = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
                double retried = 0;
                double published = 0;
                for (MeterRegistry r : registries) {
                    retried += r.get("bilibili.live.cluster.publish.failures").tag("outcome", "retried").counter()
                            .count();
                    published += r.get("bilibili.live.cluster.events.published").counter().count();
                }
                row.put("eventsExpected", expected).put("eventsRead", got).put("recordsRead", records)
                        .put("lost", Math.max(0, expected - got)).put("deliverySeconds", round(seconds))
                        .put("eventsPerSecond", Math.round(got / seconds)).put("published", (long) published)
                        .put("publishRetries", (long) retried)
                        .put("heapUsedMiB", round(heapAfter / 1048576.0))
                        .put("heapAddedMiB", round((heapAfter - heapBefore) / 1048576.0))
                        .put("threadsAdded", Thread.activeCount() - threadsBefore)
                        .put("passed", got == expected);
                if (got < expected) {
                    row.put("failure", (expected - got) + " events not on the topic after " + LIMIT.toSeconds()
                            + " s");
                }
            }
            return row;
        } finally {
            for (Runnable c : closers) {
                try {
                    c.run();
                } catch (RuntimeException e) {
                    System.err.println("closing: " + e);
                }
            }
        }
    }

    private static int watched(List<LiveRoomWatcher> watchers) {
        return watchers.stream().mapToInt(w -> w.watchedRooms().size()).sum();
    }

    private static Map<String, Object> producerProps(EmbeddedKafkaKraftBroker broker) {
        Map<String, Object> p = new HashMap<>();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return p;
    }

    private static KafkaConsumer<String, String> reader(EmbeddedKafkaKraftBroker broker, String topic) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString());
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(c, new StringDeserializer(),
                new StringDeserializer());
        List<TopicPartition> all = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            all.add(new TopicPartition(topic, p));
        }
        consumer.assign(all);
        consumer.seekToBeginning(all);
        return consumer;
    }

    private static String danmu(String text, int k) {
        return "{\"cmd\":\"DANMU_MSG\",\"info\":[[0,1,25,16777215," + (1_764_900_000_000L + k) + "," + k
                + ",0,\"\",0,0,0,\"\",0,\"{}\",\"{}\",{}],\"" + text
                + "\",[10000,\"viewer\",0,0,0,10000,1,\"\"],[],[0,0,9868950,\">50000\",0]]}";
    }

    private static String markdown(ArrayNode rows, int instances, int messages) {
        StringBuilder md = new StringBuilder();
        md.append("## Live cluster: rooms over Kafka, end to end\n\n");
        md.append("`LiveClusterScale` (plain `main`): Spring Kafka's embedded KRaft broker, the fake bilibili, ")
                .append(instances).append(" `LiveRoomWatcher` instance(s) (each its own JDK client, 2 danmaku "
                        + "threads, producer and consumer) and a reader of the events topic, all in one JVM on the "
                        + "same cores; 12 partitions. N rooms are written to the rooms topic; **connect** is the time "
                        + "from starting the instances until every room is assigned, connected and authenticated at "
                        + "the fake. Then ")
                .append(messages).append(" `DANMU_MSG` are broadcast to every room (batches of 10, zlib) and "
                        + "**delivery** is the time until the reader has read all N × ").append(messages)
                .append(" events from the events topic (publish acknowledged, `acks=all`, idempotent producer). "
                        + "Room counts are tried in order until one fails (3 minutes per phase).\n\n");
        md.append("| instances | rooms | per instance | connect (s) | events | lost | delivery (s) | events/s | "
                + "publish retries | heap used (MiB) | threads added | passed |\n"
                + "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        long ceiling = 0;
        for (var r : rows) {
            md.append("| ").append(r.path("instances").asInt()).append(" | ").append(r.path("rooms").asInt())
                    .append(" | ").append(r.path("roomsPerInstance").asInt()).append(" | ")
                    .append(r.path("connectSeconds").asDouble()).append(" | ")
                    .append(r.path("eventsRead").asLong()).append(" | ").append(r.path("lost").asLong())
                    .append(" | ").append(r.path("deliverySeconds").asDouble()).append(" | ")
                    .append(r.path("eventsPerSecond").asLong()).append(" | ")
                    .append(r.path("publishRetries").asLong()).append(" | ")
                    .append(r.path("heapUsedMiB").asDouble()).append(" | ")
                    .append(r.path("threadsAdded").asInt()).append(" | ")
                    .append(r.path("passed").asBoolean() ? "yes" : "**no** (" + r.path("failure").asString() + ")")
                    .append(" |\n");
            if (r.path("passed").asBoolean()) {
                ceiling = Math.max(ceiling, r.path("rooms").asLong());
            }
        }
        boolean failed = rows.size() > 0 && !rows.get(rows.size() - 1).path("passed").asBoolean();
        md.append("\nLargest room count that passed: ").append(ceiling)
                .append(failed ? " (the next one failed: the ceiling found)" : " (the largest tried: no ceiling found)")
                .append(".\n\n");
        md.append("Broker, fake, instances and reader share one JVM and the same cores: the events/s figure is the "
                + "whole pipeline's (fake encoding, danmaku decoding, JSON, producer, broker log, reader), and the "
                + "ceiling is this machine's, not a per-instance limit of the module. A real deployment puts the "
                + "broker and each instance on their own machines.\n\n");
        return md.toString();
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }
}
