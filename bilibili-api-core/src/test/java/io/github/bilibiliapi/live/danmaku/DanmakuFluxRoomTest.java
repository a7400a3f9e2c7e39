package io.github.bilibiliapi.live.danmaku;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.api.RequestSettings;
import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.test.FakeBilibiliServer;
import io.github.bilibiliapi.test.live.LiveModule;
import io.github.bilibiliapi.test.live.LiveModule.Compression;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * {@link DanmakuFlux#room}: connects on the first subscribe, shares the connection, disconnects when the last
 * subscriber cancels; {@link LiveRooms#close()} completes the streams without reconnect attempts. On every backend.
 */
class DanmakuFluxRoomTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private FakeBilibiliServer server;
    private BiliApiClient client;
    private LiveRooms rooms;

    static Stream<String> backends() {
        return LiveDanmakuLoginTest.BACKENDS.stream();
    }

    private LiveModule start(String backend) {
        server = FakeBilibiliServer.start();
        client = LiveDanmakuLoginTest.newClient(backend);
        BiliContext context = BiliContext.builder().client(client)
                .settings(RequestSettings.builder().redirectTo(server.httpBaseUrl()).build()).build();
        rooms = new LiveRooms(context, b -> b.reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(200)),
                Duration.ofSeconds(10));
        return server.module(LiveModule.class);
    }

    @AfterEach
    void stop() {
        if (rooms != null) {
            rooms.close();
        }
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void connectsOnSubscribeSharesAndDisconnectsWithTheLastSubscriber(String backend) {
        LiveModule live = start(backend);
        Flux<DanmakuEvent> room = DanmakuFlux.room(rooms, LiveModule.DEFAULT_SHORT_ID);
        assertThat(live.sessionsOpened()).as("nothing before subscribe").isZero();

        List<DanmakuEvent> a = new CopyOnWriteArrayList<>();
        List<DanmakuEvent> b = new CopyOnWriteArrayList<>();
        Disposable first = room.subscribe(a::add);
        Disposable second = room.subscribe(b::add);
        await().atMost(WAIT).until(() -> live.authenticatedSessions() == 1);
        live.broadcastMessages(Compression.NONE, List.of("{\"cmd\":\"HELLO\"}"));
        await().atMost(WAIT).until(() -> has(a, "HELLO") && has(b, "HELLO"));
        assertThat(live.sessionsOpened()).isEqualTo(1);

        first.dispose();
        assertThat(rooms.openRooms()).isEqualTo(1);
        second.dispose();
        await().atMost(WAIT).until(() -> live.openSessions() == 0 && rooms.openRooms() == 0);
        assertThat(live.sessionsOpened()).isEqualTo(1);

        // subscribing again opens a new connection
        Disposable again = room.subscribe();
        await().atMost(WAIT).until(() -> live.authenticatedSessions() == 1);
        assertThat(live.sessionsOpened()).isEqualTo(2);
        again.dispose();
        await().atMost(WAIT).until(() -> rooms.openRooms() == 0);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void closingTheRoomsCompletesTheStreamsWithoutReconnecting(String backend) throws Exception {
        LiveModule live = start(backend);
        List<DanmakuEvent> events = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> done = DanmakuFlux.room(rooms, LiveModule.DEFAULT_SHORT_ID).doOnNext(events::add)
                .then().toFuture();
        await().atMost(WAIT).until(() -> live.authenticatedSessions() == 1);

        long t0 = System.nanoTime();
        rooms.close();
        done.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
        assertThat(events).extracting(DanmakuEvent::type).doesNotContain(DanmakuEvent.RECONNECTING)
                .endsWith(DanmakuEvent.DISCONNECT);
        await().atMost(WAIT).until(() -> live.openSessions() == 0);
        assertThat(rooms.openRooms()).isZero();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> rooms.open(1))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void theListenerApiLoadsWithoutReactor() throws Exception {
        // only DanmakuFlux may mention Reactor: the rest of the package must load in an app without it
        for (Class<?> c : List.of(LiveDanmaku.class, LiveRooms.class, DanmakuEvent.class, DanmuMessage.class,
                LiveMessage.class, DanmakuListener.class, ContextTransport.class)) {
            for (String name : classFilesOf(c)) {
                try (InputStream in = c.getResourceAsStream(name)) {
                    String constants = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                    assertThat(constants).as(name).doesNotContain("reactor/");
                }
            }
        }
    }

    private static List<String> classFilesOf(Class<?> c) {
        List<String> out = new java.util.ArrayList<>();
        out.add(c.getSimpleName() + ".class");
        for (Class<?> inner : c.getDeclaredClasses()) {
            out.add(c.getSimpleName() + "$" + inner.getSimpleName() + ".class");
        }
        return out;
    }

    private static boolean has(List<DanmakuEvent> events, String type) {
        return events.stream().anyMatch(e -> e.type().equals(type));
    }
}
