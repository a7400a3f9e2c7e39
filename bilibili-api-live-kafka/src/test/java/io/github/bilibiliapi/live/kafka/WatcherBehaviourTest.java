package io.github.bilibiliapi.live.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.bilibiliapi.live.kafka.ClusterFixture.EventsReader;
import io.github.bilibiliapi.live.kafka.ClusterFixture.Instance;
import io.github.bilibiliapi.test.FakeBilibiliServer;
import io.github.bilibiliapi.test.live.LiveModule;
import io.github.bilibiliapi.test.live.LiveModule.Compression;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** One instance against the embedded broker and the fake: the rooms topic as data, and publishing under failure. */
class WatcherBehaviourTest {

    static final Duration WAIT = Duration.ofSeconds(45);
    static final int PARTITIONS = 3;

    private static EmbeddedKafkaKraftBroker broker;
    private static int topicSerial;

    private FakeBilibiliServer server;
    private LiveModule live;
    private KafkaTemplate<String, String> admin;
    private final List<AutoCloseable> closing = new ArrayList<>();

    @BeforeAll
    static void startBroker() {
        broker = ClusterFixture.broker();
    }

    @AfterAll
    static void stopBroker() {
        broker.destroy();
    }

    @BeforeEach
    void start() {
        server = FakeBilibiliServer.start();
        live = server.module(LiveModule.class);
        admin = ClusterFixture.template(broker);
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
        admin.destroy();
        server.close();
    }

    private LiveClusterSettings settings(String name) {
        topicSerial++;
        return LiveClusterSettings.builder().roomsTopic(name + "-rooms-" + topicSerial)
                .eventsTopic(name + "-events-" + topicSerial).groupId(name + "-" + topicSerial)
                .sessionTimeout(Duration.ofSeconds(6)).closeTimeout(Duration.ofSeconds(15)).build();
    }

    private <T extends AutoCloseable> T closeLater(T c) {
        closing.add(c);
        return c;
    }

    @Test
    void recordsWatchTombstonesStopSettingsFilterAndBadRecordsAreSkipped() throws Exception {
        LiveClusterSettings s = settings("data");
        ClusterFixture.createTopics(broker, s, PARTITIONS);
        long r1 = 81_000_001L;
        long r2 = 81_000_002L;
        long r3 = 81_000_003L;
        for (long r : List.of(r1, r2, r3)) {
            live.addRoom(0, r);
        }
        RoomDirectory rooms = new RoomDirectory(admin, s.roomsTopic());
        rooms.watch(r1, WatchSettings.ALL).get(10, TimeUnit.SECONDS);
        rooms.watch(r2, WatchSettings.ALL).get(10, TimeUnit.SECONDS);
        rooms.watch(r3, WatchSettings.ALL).get(10, TimeUnit.SECONDS);
        Instance one = closeLater(new Instance("one", broker, server, s, false));
        EventsReader events = closeLater(new EventsReader(broker, s.eventsTopic(), PARTITIONS));
        one.watcher.start();
        await().atMost(WAIT).until(() -> live.authenticatedSessions() == 3);
        assertThat(one.watcher.watchedRooms()).containsExactlyInAnyOrder(r1, r2, r3);
        assertThat(one.watcher.assignedPartitions()).hasSize(PARTITIONS);

        // a tombstone stops the room; new settings filter the next events; bad records change nothing
        rooms.unwatch(r3).get(10, TimeUnit.SECONDS);
        rooms.watch(r2, WatchSettings.types("SEND_GIFT")).get(10, TimeUnit.SECONDS);
        admin.send(s.roomsTopic(), "not-a-room", "{}").get(10, TimeUnit.SECONDS);
        admin.send(s.roomsTopic(), Long.toString(r1), "[not json").get(10, TimeUnit.SECONDS);
        await().atMost(WAIT).untilAsserted(() -> {
            assertThat(one.watcher.watchedRooms()).containsExactlyInAnyOrder(r1, r2);
            assertThat(live.authenticatedSessions()).isEqualTo(2);
            assertThat(one.counter("room.records", "result", "invalid")).isEqualTo(2);
            assertThat(one.counter("room.records", "result", "unwatch")).isEqualTo(1);
            assertThat(one.counter("room.records", "result", "watch")).isEqualTo(4);
        });

        live.broadcastMessages(Compression.BROTLI, List.of(ThreeInstancesTest.danmu("hello", 1)));
        await().atMost(WAIT).untilAsserted(() -> {
            events.poll();
            assertThat(events.danmuTexts.getOrDefault(r1, Set.of())).contains("hello");
            assertThat(one.counter("events.filtered")).isPositive();
        });
        events.poll();
        assertThat(events.danmuTexts.getOrDefault(r2, Set.of())).as("filtered by the room's settings").isEmpty();
        assertThat(events.danmuTexts.getOrDefault(r3, Set.of())).as("unwatched").isEmpty();
        assertThat(one.counter("connections", "event", "disconnected")).isEqualTo(1);
        assertThat(one.counter("connections", "event", "connected")).isEqualTo(3);
    }

    @Test
    void publishFailuresAreRetriedAndCountedAndBackPressureBoundsWhatIsPending() throws Exception {
        LiveClusterSettings s = settings("failing").toBuilder().maxInFlight(4)
                .retryBackoff(Duration.ofMillis(50), Duration.ofMillis(200)).build();
        // only the rooms topic: the events topic is missing (and is not auto-created), so every publish fails
        broker.addTopics(new NewTopic(s.roomsTopic(), PARTITIONS, (short) 1)
                .configs(Map.of("cleanup.policy", "compact")));
        long room = 82_000_001L;
        live.addRoom(0, room);
        new RoomDirectory(admin, s.roomsTopic()).watch(room, WatchSettings.types("DANMU_MSG"))
                .get(10, TimeUnit.SECONDS);
        Instance one = closeLater(new Instance("one", broker, server, s, false,
                Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 200, ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 1000,
                        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 500)));
        one.watcher.start();
        await().atMost(WAIT).until(() -> live.authenticatedSessions() == 1);

        int n = 40;
        List<String> messages = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            messages.add(ThreeInstancesTest.danmu("m" + k, k));
        }
        live.broadcastMessages(Compression.NONE, messages);
        AtomicLong maxPending = new AtomicLong();
        await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).untilAsserted(() -> {
            maxPending.accumulateAndGet((long) gauge(one, "publish.pending"), Math::max);
            assertThat(one.counter("publish.failures", "outcome", "retried")).isGreaterThanOrEqualTo(8);
        });
        // reading stopped at the bound: the connection holds the rest of the frame until the broker takes events
        assertThat(gauge(one, "publish.pending")).isEqualTo(4);
        assertThat(one.counter("events.received")).isLessThan(n);
        assertThat(one.counter("events.published")).isZero();

        broker.addTopics(new NewTopic(s.eventsTopic(), PARTITIONS, (short) 1));
        EventsReader events = closeLater(new EventsReader(broker, s.eventsTopic(), PARTITIONS));
        await().atMost(WAIT).untilAsserted(() -> {
            events.poll();
            for (int k = 0; k < n; k++) {
                assertThat(events.danmuTexts.getOrDefault(room, Set.of())).contains("m" + k);
            }
        });
        assertThat(maxPending.get()).isLessThanOrEqualTo(4);
        assertThat(one.counter("publish.failures", "outcome", "rejected")).isZero();
        assertThat(one.counter("publish.failures", "outcome", "abandoned")).isZero();
    }

    private static double gauge(Instance i, String name) {
        return i.registry.get(ClusterMetrics.PREFIX + name).gauge().value();
    }
}
