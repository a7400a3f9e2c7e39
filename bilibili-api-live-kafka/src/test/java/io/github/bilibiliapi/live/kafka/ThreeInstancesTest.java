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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * Three application instances share 300 rooms through the embedded KRaft broker and the fake bilibili: each room is
 * watched by exactly one instance; a stopped instance's rooms move to the others at once (it leaves the group), a
 * crashed one's after the session timeout; every message the fake broadcast to a room is on the events topic, keyed
 * by the room, with duplicates counted.
 */
class ThreeInstancesTest {

    static final int ROOMS = Integer.getInteger("bili.cluster.rooms", 300);
    static final int PARTITIONS = 12;
    static final int MESSAGES_PER_PHASE = 5;
    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(6);
    /** Generous: the machine is shared; what is asserted is the outcome, the times are reported. */
    static final Duration WAIT = Duration.ofSeconds(60);

    private EmbeddedKafkaKraftBroker broker;
    private FakeBilibiliServer server;
    private final List<Instance> instances = new ArrayList<>();
    private EventsReader events;
    private KafkaTemplate<String, String> admin;

    @AfterEach
    void tearDown() {
        for (Instance i : instances) {
            i.close();
        }
        if (events != null) {
            events.close();
        }
        if (admin != null) {
            admin.destroy();
        }
        if (server != null) {
            server.close();
        }
        if (broker != null) {
            broker.destroy();
        }
    }

    @Test
    void threeInstancesShareTheRoomsAndATakeoverLosesNothing() throws Exception {
        long t0 = System.nanoTime();
        broker = ClusterFixture.broker();
        LiveClusterSettings settings = LiveClusterSettings.builder().roomsTopic("rooms").eventsTopic("events")
                .groupId("cluster-test").sessionTimeout(SESSION_TIMEOUT).closeTimeout(Duration.ofSeconds(20))
                .build();
        ClusterFixture.createTopics(broker, settings, PARTITIONS);
        server = FakeBilibiliServer.start();
        LiveModule live = server.module(LiveModule.class);
        Set<Long> rooms = new HashSet<>();
        for (int i = 0; i < ROOMS; i++) {
            long room = 70_000_000L + i;
            live.addRoom(0, room);
            rooms.add(room);
        }

        // rooms as data: one record per room in the compacted topic
        admin = ClusterFixture.template(broker);
        RoomDirectory directory = new RoomDirectory(admin, settings.roomsTopic());
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (long room : rooms) {
            writes.add(directory.watch(room, WatchSettings.ALL));
        }
        CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).get(30, TimeUnit.SECONDS);

        Instance a = new Instance("a", broker, server, settings, false);
        Instance b = new Instance("b", broker, server, settings, true);
        Instance c = new Instance("c", broker, server, settings, false);
        instances.addAll(List.of(a, b, c));
        instances.forEach(i -> i.watcher.start());
        events = new EventsReader(broker, settings.eventsTopic(), PARTITIONS);

        awaitEachRoomWatchedOnce(live, rooms, List.of(a, b, c));
        assertThat(a.watcher.watchedRooms()).as("rooms are spread").isNotEmpty();
        assertThat(b.watcher.watchedRooms()).isNotEmpty();
        assertThat(c.watcher.watchedRooms()).isNotEmpty();
        report("3 instances watching %d rooms (a=%d b=%d c=%d)", t0, ROOMS, a.watcher.watchedRooms().size(),
                b.watcher.watchedRooms().size(), c.watcher.watchedRooms().size());
        broadcastAndAwait(live, rooms, "A");

        // a graceful stop: c leaves the group, its partitions move at once
        Set<Long> cRooms = c.watcher.watchedRooms();
        // an instance that joined late may have made c give rooms back already: count only what the stop closes
        double cDisconnectedBefore = c.counter("connections", "event", "disconnected");
        long stopC = System.nanoTime();
        c.close();
        instances.remove(c);
        // the rooms that stay put keep receiving while c's move (cooperative rebalancing revokes nothing else)
        Set<Long> kept = new HashSet<>(rooms);
        kept.removeAll(cRooms);
        broadcastToKeptAndAwait(live, kept, "T0");
        await().atMost(SESSION_TIMEOUT).pollInterval(Duration.ofMillis(50)).until(() -> union(List.of(a, b)).size()
                == ROOMS);
        report("c's %d rooms reassigned after its stop", stopC, cRooms.size());
        broadcastToKeptAndAwait(live, kept, "T1");
        awaitEachRoomWatchedOnce(live, rooms, List.of(a, b));
        report("c's rooms reconnected on a and b", stopC);
        assertThat(c.counter("connections", "event", "disconnected") - cDisconnectedBefore).isEqualTo(cRooms.size());
        assertThat(c.counter("rebalances", "kind", "revoked")).isPositive();
        broadcastAndAwait(live, rooms, "B");

        // a crash: b's consumer does not leave the group, so its rooms wait for the session timeout
        Set<Long> bRooms = b.watcher.watchedRooms();
        long crashB = System.nanoTime();
        b.close();
        instances.remove(b);
        Set<Long> aRooms = a.watcher.watchedRooms();
        broadcastToKeptAndAwait(live, aRooms, "U0");
        await().atMost(WAIT).pollInterval(Duration.ofMillis(50)).until(() -> a.watcher.watchedRooms().size()
                == ROOMS);
        double takeoverSeconds = (System.nanoTime() - crashB) / 1e9;
        report("b's %d rooms reassigned to a after its crash (session timeout %d s)", crashB, bRooms.size(),
                SESSION_TIMEOUT.toSeconds());
        // the group noticed the crash only through the session timeout: the move was not immediate
        assertThat(takeoverSeconds).as("takeover waits for the session timeout").isGreaterThan(
                SESSION_TIMEOUT.toMillis() / 2000.0);
        awaitEachRoomWatchedOnce(live, rooms, List.of(a));
        broadcastAndAwait(live, rooms, "C");

        // at least once, keyed by room, each room's events from the instances that watched it
        assertThat(events.keyMismatches).isZero();
        long duplicates = events.duplicates();
        report("events on the topic: %d records, %d duplicate ids, a: in %.0f out %.0f retried %.0f", t0,
                events.records, duplicates, a.counter("events.received"), a.counter("events.published"),
                a.counter("publish.failures", "outcome", "retried"));
        // a duplicate needs two instances holding one room at once; a takeover between phases allows none of the
        // broadcast messages to be doubled, so the bound is the takeovers' own connection events (never doubled)
        assertThat(duplicates).as("duplicate event ids").isLessThanOrEqualTo((long) ROOMS * MESSAGES_PER_PHASE);
        assertThat(a.counter("publish.failures", "outcome", "rejected")).isZero();
        assertThat(a.counter("publish.failures", "outcome", "abandoned")).isZero();
        assertThat(a.counter("rebalances", "kind", "assigned")).isGreaterThanOrEqualTo(3);
        for (long room : cRooms) {
            assertThat(events.instances.get(room)).as("room %d", room).contains("c");
        }
        report("test", t0);
    }

    private void awaitEachRoomWatchedOnce(LiveModule live, Set<Long> rooms, List<Instance> running) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            int sum = running.stream().mapToInt(i -> i.watcher.watchedRooms().size()).sum();
            assertThat(union(running)).isEqualTo(rooms);
            assertThat(sum).as("no room on two instances").isEqualTo(rooms.size());
            assertThat(live.authenticatedSessions()).as("one connection per room at the fake").isEqualTo(rooms.size());
        });
    }

    private void broadcastAndAwait(LiveModule live, Set<Long> rooms, String phase) {
        long start = System.nanoTime();
        List<String> messages = new ArrayList<>();
        for (int k = 0; k < MESSAGES_PER_PHASE; k++) {
            messages.add(danmu(phase + "-" + k, k));
        }
        assertThat(live.broadcastMessages(Compression.ZLIB, messages)).as("sessions the fake sent to")
                .isEqualTo(rooms.size());
        await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).untilAsserted(() -> {
            events.poll();
            for (long room : rooms) {
                Set<String> texts = events.danmuTexts.getOrDefault(room, Set.of());
                for (int k = 0; k < MESSAGES_PER_PHASE; k++) {
                    assertThat(texts).as("room %d", room).contains(phase + "-" + k);
                }
            }
        });
        report("phase %s: %d messages to %d rooms on the topic", start, phase, MESSAGES_PER_PHASE, rooms.size());
    }

    /**
     * A message broadcast during a takeover: every room that is not moving is connected throughout, so it must reach
     * the topic for each of them (the moving rooms may or may not be connected at that instant).
     */
    private void broadcastToKeptAndAwait(LiveModule live, Set<Long> kept, String text) {
        long start = System.nanoTime();
        assertThat(live.broadcastMessages(Compression.NONE, List.of(danmu(text, 0)))).as("sessions sent to")
                .isGreaterThanOrEqualTo(kept.size());
        await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).untilAsserted(() -> {
            events.poll();
            for (long room : kept) {
                assertThat(events.danmuTexts.getOrDefault(room, Set.of())).as("room %d", room).contains(text);
            }
        });
        report("during the takeover: %s reached all %d rooms that did not move", start, text, kept.size());
    }

    private static Set<Long> union(List<Instance> running) {
        Set<Long> all = new HashSet<>();
        running.forEach(i -> all.addAll(i.watcher.watchedRooms()));
        return all;
    }

    static String danmu(String text, int k) {
        return "{\"cmd\":\"DANMU_MSG\",\"info\":[[0,1,25,16777215," + (1_764_900_000_000L + k) + "," + k
                + ",0,\"\",0,0,0,\"\",0,\"{}\",\"{}\",{}],\"" + text
                + "\",[10000,\"viewer\",0,0,0,10000,1,\"\"],[],[0,0,9868950,\">50000\",0]]}";
    }

    private static void report(String what, long since, Object... args) {
        System.out.printf("[cluster] %s: %.2f s%n", String.format(what, args), (System.nanoTime() - since) / 1e9);
    }
}
