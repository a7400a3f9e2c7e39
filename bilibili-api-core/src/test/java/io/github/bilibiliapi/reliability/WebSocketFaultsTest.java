package io.github.bilibiliapi.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.api.RequestSettings;
import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.ClientSettings;
import io.github.bilibiliapi.client.support.AbstractBiliApiClient;
import io.github.bilibiliapi.live.danmaku.DanmakuEvent;
import io.github.bilibiliapi.live.danmaku.DanmakuProtocolException;
import io.github.bilibiliapi.live.danmaku.LiveDanmaku;
import io.github.bilibiliapi.test.FakeBilibiliServer;
import io.github.bilibiliapi.test.live.LiveModule;
import io.github.bilibiliapi.test.live.LiveModule.Compression;
import io.github.bilibiliapi.test.live.LivePackets;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * WebSocket faults against the fake's live room ({@code /sub}), through {@link LiveDanmaku} on every backend: garbage
 * frames, a truncated packet, a zlib bomb, a server that stalls after auth, abrupt closes, 100 reconnects in a row.
 * Each surfaces as the documented event ({@code ERROR} with a {@link DanmakuProtocolException} kind, or
 * {@code RECONNECTING} then {@code VERIFICATION_SUCCESSFUL}); the connection keeps delivering messages afterwards;
 * heap stays flat; after {@code disconnect()} and {@code close()} no connection, thread or descriptor is left.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebSocketFaultsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    /** How many reconnects in a row the soak runs. */
    static final int RECONNECTS = 100;

    /** 1 GiB of zeros, deflated, in a zlib packet, itself deflated into a zlib packet: a few KiB on the wire. */
    private static byte[] bomb;
    private static long bombInflatesTo;

    private FakeBilibiliServer server;
    private BiliApiClient client;
    private LiveDanmaku danmaku;
    private LiveModule live;
    private Reliability.Snapshot before;
    private final List<DanmakuEvent> events = new CopyOnWriteArrayList<>();

    static Stream<String> backends() {
        return Reliability.backends();
    }

    @BeforeAll
    static void buildBomb() {
        long start = System.nanoTime();
        byte[] zeros = new byte[1 << 20];
        byte[] gib = deflate(zeros, 1024); // 1 GiB of zeros
        byte[] inner = LivePackets.packet(2, LivePackets.OP_MESSAGE, 1, gib);
        bomb = LivePackets.packet(2, LivePackets.OP_MESSAGE, 1, deflate(inner, 1));
        bombInflatesTo = 1L << 30;
        System.out.printf("[reliability] zlib bomb: %d bytes on the wire -> %d bytes -> %d bytes (built in %d ms)%n",
                bomb.length, inner.length, bombInflatesTo,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    /** zlib-compresses {@code times} copies of {@code chunk} without holding the whole input. */
    private static byte[] deflate(byte[] chunk, int times) {
        Deflater d = new Deflater(Deflater.BEST_COMPRESSION);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[64 * 1024];
        try {
            for (int i = 0; i < times; i++) {
                d.setInput(chunk);
                while (!d.needsInput()) {
                    out.write(buf, 0, d.deflate(buf));
                }
            }
            d.finish();
            while (!d.finished()) {
                out.write(buf, 0, d.deflate(buf));
            }
        } finally {
            d.end();
        }
        return out.toByteArray();
    }

    private LiveDanmaku start(String backend) throws Exception {
        server = FakeBilibiliServer.start();
        live = server.module(LiveModule.class);
        before = Reliability.Snapshot.take();
        client = Reliability.newClient(backend, ClientSettings.DEFAULTS.withTimeout(Duration.ofSeconds(10)));
        BiliContext context = BiliContext.builder().client(client)
                .settings(RequestSettings.builder().redirectTo(server.httpBaseUrl()).build()).build();
        danmaku = LiveDanmaku.builder(context, LiveModule.DEFAULT_SHORT_ID)
                .heartbeatInterval(Duration.ofMillis(300))
                .stallTimeout(Duration.ofMillis(1500))
                .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(50))
                .build();
        danmaku.onAny(events::add);
        danmaku.connect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return danmaku;
    }

    @AfterEach
    void stop() throws Exception {
        String label = client == null ? "?" : client.backendName();
        try {
            if (danmaku != null) {
                danmaku.disconnect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
                assertThat(danmaku.state()).isEqualTo(LiveDanmaku.State.STOPPED);
            }
            if (client != null) {
                assertThat(((AbstractBiliApiClient<?>) client).openWebSockets()).as("handles after disconnect")
                        .isZero();
                client.close();
            }
            if (server != null && before != null) {
                before.assertReleased(server, label + " websocket faults");
            }
        } finally {
            if (server != null) {
                server.close();
            }
            danmaku = null;
            client = null;
            server = null;
            events.clear();
        }
    }

    private long count(String type) {
        return events.stream().filter(e -> e.type().equals(type)).count();
    }

    private List<DanmakuProtocolException.Kind> errorKinds() {
        return events.stream().filter(e -> e.type().equals(DanmakuEvent.ERROR))
                .map(e -> ((DanmakuProtocolException) e.error()).kind()).toList();
    }

    /** A message broadcast now arrives: the connection is still usable. */
    private void assertStillDelivers(String marker) {
        await().atMost(WAIT).until(() -> live.broadcastMessages(Compression.ZLIB,
                List.of("{\"cmd\":\"" + marker + "\"}")) == 1 || count(marker) > 0);
        await().atMost(WAIT).until(() -> count(marker) > 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void garbageFramesAreSkippedWithErrorEvents(String backend) throws Exception {
        start(backend);
        Random random = new Random(42);
        for (int i = 0; i < 20; i++) {
            byte[] garbage = new byte[1 + random.nextInt(4096)];
            random.nextBytes(garbage);
            garbage[0] = 0x7f; // a packet length far past the frame: never a valid header by chance
            live.broadcast(garbage);
        }
        live.broadcast(new byte[0]);
        await().atMost(WAIT).until(() -> count(DanmakuEvent.ERROR) >= 21);
        assertThat(errorKinds()).allMatch(k -> k == DanmakuProtocolException.Kind.TRUNCATED
                || k == DanmakuProtocolException.Kind.MALFORMED);
        assertStillDelivers("AFTER_GARBAGE");
        assertThat(count(DanmakuEvent.RECONNECTING)).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aTruncatedPacketIsATruncatedError(String backend) throws Exception {
        start(backend);
        byte[] whole = LivePackets.message("{\"cmd\":\"CUT\",\"data\":\"" + "x".repeat(200) + "\"}");
        live.broadcast(Arrays.copyOf(whole, whole.length - 50));
        live.broadcast(Arrays.copyOf(whole, 10)); // not even a header
        await().atMost(WAIT).until(() -> count(DanmakuEvent.ERROR) >= 2);
        assertThat(errorKinds()).containsOnly(DanmakuProtocolException.Kind.TRUNCATED);
        assertThat(count("CUT")).isZero();
        assertStillDelivers("AFTER_TRUNCATED");
        assertThat(count(DanmakuEvent.RECONNECTING)).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aZlibBombFailsFastWithTooLargeAndNeverRunsOutOfMemory(String backend) throws Exception {
        start(backend);
        long heapBefore = Reliability.usedHeapAfterGc();
        for (int i = 0; i < 5; i++) {
            live.broadcast(bomb);
        }
        await().atMost(WAIT).until(() -> count(DanmakuEvent.ERROR) >= 5);
        assertThat(errorKinds()).containsOnly(DanmakuProtocolException.Kind.TOO_LARGE);
        assertThat(events.stream().filter(e -> e.type().equals(DanmakuEvent.ERROR)).findFirst().orElseThrow().error())
                .hasMessageContaining("maxInflatedBytes");
        assertStillDelivers("AFTER_BOMB");
        long heapAfter = Reliability.usedHeapAfterGc();
        System.out.printf("[reliability] %s zlib bomb x5: used heap %d MiB -> %d MiB%n", backend, heapBefore >> 20,
                heapAfter >> 20);
        assertThat(heapAfter - heapBefore).as("heap growth").isLessThan(64L << 20);
        assertThat(count(DanmakuEvent.RECONNECTING)).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aServerThatStallsAfterAuthIsReplaced(String backend) throws Exception {
        start(backend);
        live.setStalled(true);
        await().atMost(WAIT).until(() -> count(DanmakuEvent.RECONNECTING) >= 1);
        live.setStalled(false);
        await().atMost(WAIT).until(() -> count(DanmakuEvent.VERIFICATION_SUCCESSFUL) >= 2);
        assertStillDelivers("AFTER_STALL");
        await().atMost(WAIT).until(() -> ((AbstractBiliApiClient<?>) client).openWebSockets() == 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void abruptAndCleanClosesReconnect(String backend) throws Exception {
        start(backend);
        live.dropAll(); // TCP gone, no close frame
        await().atMost(WAIT).until(() -> count(DanmakuEvent.VERIFICATION_SUCCESSFUL) >= 2);
        live.closeAll(); // a close frame
        await().atMost(WAIT).until(() -> count(DanmakuEvent.VERIFICATION_SUCCESSFUL) >= 3);
        assertThat(count(DanmakuEvent.RECONNECTING)).isEqualTo(2);
        assertStillDelivers("AFTER_CLOSES");
        await().atMost(WAIT).until(() -> ((AbstractBiliApiClient<?>) client).openWebSockets() == 1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aHundredReconnectsInARowKeepTheClientUsableAndMemoryFlat(String backend) throws Exception {
        start(backend);
        // one round first, so that what a reconnect loads once is not counted as growth
        live.dropAll();
        await().atMost(WAIT).until(() -> count(DanmakuEvent.VERIFICATION_SUCCESSFUL) >= 2);
        long heapBefore = Reliability.usedHeapAfterGc();
        int fdsBefore = Reliability.openFds();
        long start = System.nanoTime();
        for (int i = 0; i < RECONNECTS; i++) {
            long expected = count(DanmakuEvent.VERIFICATION_SUCCESSFUL) + 1;
            await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
                    .until(() -> live.authenticatedSessions() == 1);
            live.dropAll();
            await().atMost(WAIT).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
                    .until(() -> count(DanmakuEvent.VERIFICATION_SUCCESSFUL) >= expected);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertStillDelivers("AFTER_100");
        await().atMost(WAIT).until(() -> ((AbstractBiliApiClient<?>) client).openWebSockets() == 1);
        await().atMost(WAIT).until(() -> live.openSessions() == 1);
        long heapAfter = Reliability.usedHeapAfterGc();
        int fdsAfter = Reliability.openFds();
        System.out.printf("[reliability] %s %d reconnects: %d ms, used heap %d MiB -> %d MiB, fds %d -> %d%n",
                backend, RECONNECTS, millis, heapBefore >> 20, heapAfter >> 20, fdsBefore, fdsAfter);
        assertThat(heapAfter - heapBefore).as("heap growth over %d reconnects", RECONNECTS).isLessThan(32L << 20);
        // the same sockets are open as before the loop (one client, one server side), give or take a pool slot
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            System.gc();
            assertThat(Reliability.openFds()).isLessThanOrEqualTo(fdsBefore + 2);
        });
        assertThat(count(DanmakuEvent.ERROR)).isZero();
    }
}
