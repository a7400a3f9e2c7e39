package io.github.bilibiliapi.live.danmaku;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.bilibiliapi.api.Backends;
import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.api.RequestSettings;
import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiClientProvider;
import io.github.bilibiliapi.client.ClientSettings;
import io.github.bilibiliapi.client.support.AbstractBiliApiClient;
import io.github.bilibiliapi.test.FakeBilibiliServer;
import io.github.bilibiliapi.test.bilibili.BilibiliModule;
import io.github.bilibiliapi.test.live.LiveModule;
import io.github.bilibiliapi.test.live.LiveModule.Compression;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole flow through a {@link BiliContext} on each backend, against the fake with its default modules: buvid
 * activation and WBI keys from the REST routes, {@code room_init}, a WBI-signed {@code getDanmuInfo} checked by the
 * fake, {@code wss://…chat.bilibili.com/sub} reached through the host redirection with the same User-Agent, auth,
 * heartbeats, every fixture in protover 0/2/3, reconnect after a drop, and a clean disconnect.
 *
 * <p>Adding a backend is adding its registry name to {@link #BACKENDS}; a listed backend whose provider is missing
 * fails the test. {@link #USERS_OWN} is a client that does not extend the library's base class.
 */
class LiveDanmakuBackendsTest {

    /** A user's own {@code BiliApiClient} implementation (the Api layer's test client over java.net.http). */
    static final String USERS_OWN = "users-own-client";
    /** Every backend the danmaku client must run on. */
    static final List<String> BACKENDS = List.of("okhttp", "webclient", "jdk", USERS_OWN);

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private FakeBilibiliServer server;
    private BiliApiClient client;
    private final List<DanmakuEvent> events = new CopyOnWriteArrayList<>();

    static Stream<String> backends() {
        return BACKENDS.stream();
    }

    private static BiliApiClient newClient(String backend) {
        if (backend.equals(USERS_OWN)) {
            return new UsersOwnClient(plainJdkHttpOnly());
        }
        BiliApiClientProvider provider = ServiceLoader.load(BiliApiClientProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.name().equals(backend)).findFirst().orElse(null);
        // all three backends are on main: a missing one is a broken service entry, not a reason to skip
        assertThat(provider).as("provider of backend %s on the test classpath", backend).isNotNull();
        assertThat(provider.isAvailable(LiveDanmakuBackendsTest.class.getClassLoader())).as("%s available", backend)
                .isTrue();
        return provider.factory().create(ClientSettings.DEFAULTS, null);
    }

    /** The Api layer's "user's own client": HTTP over java.net.http, no WebSocket support. */
    private static BiliApiClient plainJdkHttpOnly() {
        return Backends.all().filter(n -> n.getName().startsWith("plain-jdk")).findFirst().orElseThrow()
                .getPayload().get();
    }

    private LiveDanmaku start(String backend) {
        client = newClient(backend);
        server = FakeBilibiliServer.start();
        BiliContext context = BiliContext.builder().client(client)
                .settings(RequestSettings.builder().redirectTo(server.httpBaseUrl()).build()).build();
        LiveDanmaku d = LiveDanmaku.builder(context, LiveModule.DEFAULT_SHORT_ID)
                .heartbeatInterval(Duration.ofMillis(200))
                .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
                .build();
        d.onAny(events::add);
        return d;
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private long count(String type) {
        return events.stream().filter(e -> e.type().equals(type)).count();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void authHeartbeatsAndEveryFixtureInEveryProtover(String backend) throws Exception {
        LiveDanmaku d = start(backend);
        LiveModule live = server.module(LiveModule.class);
        live.setPopularity(777);
        try {
            d.connect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(d.realRoomId()).isEqualTo(LiveModule.DEFAULT_ROOM_ID);
            // the auth carried the buvid3 the fake activated and the token it handed out for this User-Agent
            assertThat(server.module(BilibiliModule.class).state().isActivated(live.lastAuth().path("buvid").asString()))
                    .isTrue();
            assertThat(live.lastAuth().path("roomid").asLong()).isEqualTo(LiveModule.DEFAULT_ROOM_ID);

            await().atMost(WAIT).until(() -> live.heartbeats() >= 2 && count(DanmakuEvent.VIEW) >= 2);
            assertThat(d.popularity()).isEqualTo(777);

            List<String> fixtures = live.fixtureMessages();
            List<String> expected = fixtures.stream()
                    .map(f -> JSON.readTree(f).path("cmd").asString().split(":")[0]).toList();
            for (Compression c : Compression.values()) {
                events.clear();
                assertThat(live.broadcastMessages(c, fixtures)).isEqualTo(1);
                await().atMost(WAIT).until(() -> messages().size() >= expected.size());
                assertThat(messages()).as("%s over %s", c, backend).isEqualTo(expected);
            }
            assertThat(count(DanmakuEvent.ERROR)).isZero();
        } finally {
            d.disconnect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void reconnectsAfterAServerDrop(String backend) throws Exception {
        LiveDanmaku d = start(backend);
        LiveModule live = server.module(LiveModule.class);
        try {
            d.connect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            live.dropAll();
            await().atMost(WAIT).until(() -> count(DanmakuEvent.VERIFICATION_SUCCESSFUL) == 2);
            // dropAll() walks a live set of sessions: a reconnect fast enough to land while it is still walking is
            // dropped too and retried, so one or two RECONNECTING events are both correct; a third would not be
            assertThat(count(DanmakuEvent.RECONNECTING)).isBetween(1L, 2L);
            live.broadcastMessages(Compression.BROTLI, List.of("{\"cmd\":\"BACK\"}"));
            await().atMost(WAIT).until(() -> count("BACK") == 1);
            // the dropped socket's handle was released
            await().atMost(WAIT).until(() -> openWebSockets() == 1);
        } finally {
            d.disconnect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void disconnectClosesTheSocketAndStopsEverything(String backend) throws Exception {
        LiveDanmaku d = start(backend);
        LiveModule live = server.module(LiveModule.class);
        d.connect().get(WAIT.toSeconds(), TimeUnit.SECONDS);

        d.disconnect().get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(d.state()).isEqualTo(LiveDanmaku.State.STOPPED);
        assertThat(events.get(events.size() - 1).type()).isEqualTo(DanmakuEvent.DISCONNECT);
        assertThat(openWebSockets()).isZero();
        await().atMost(WAIT).until(() -> live.openSessions() == 0);
        await().atMost(WAIT).until(() -> LiveDanmakuTest.threadsOf(d) == 0);
        int seen = events.size();
        assertThat(live.broadcastMessages(Compression.NONE, List.of("{\"cmd\":\"LATE\"}"))).isZero();
        assertThat(events).hasSize(seen);
    }

    @org.junit.jupiter.api.Test
    void aClientWithoutWebSocketSupportFailsConnectClearlyInsteadOfRetryingForever() {
        client = plainJdkHttpOnly();
        server = FakeBilibiliServer.start();
        BiliContext context = BiliContext.builder().client(client)
                .settings(RequestSettings.builder().redirectTo(server.httpBaseUrl()).build()).build();
        LiveDanmaku d = LiveDanmaku.builder(context, LiveModule.DEFAULT_SHORT_ID).build();
        d.onAny(events::add);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.connect().get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .cause().isInstanceOf(DanmakuConnectException.class).hasMessageContaining("could not open wss://")
                .hasMessageContaining("has no WebSocket");
        await().atMost(WAIT).until(() -> d.state() == LiveDanmaku.State.STOPPED);
        assertThat(events.get(events.size() - 1).type()).isEqualTo(DanmakuEvent.DISCONNECT);
        assertThat(events.get(events.size() - 1).raw().path("reason").asString()).startsWith("gave up");
    }

    private List<String> messages() {
        return events.stream().map(DanmakuEvent::type).filter(t -> !t.equals(DanmakuEvent.VIEW)).toList();
    }

    private int openWebSockets() {
        if (client instanceof UsersOwnClient own) {
            return own.openSockets();
        }
        return ((AbstractBiliApiClient<?>) client).openWebSockets();
    }
}
