package io.github.bilibiliapi.live.open;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.api.RequestSettings;
import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.live.danmaku.DanmakuEvent;
import io.github.bilibiliapi.live.danmaku.DanmakuListener;
import io.github.bilibiliapi.live.danmaku.LiveDanmaku;
import io.github.bilibiliapi.test.FakeBilibiliServer;
import io.github.bilibiliapi.test.live.LiveModule;
import io.github.bilibiliapi.test.live.OpenLiveRoutes;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A danmaku connection in Open Platform mode on every backend: the game's {@code wss_link} and auth body, the
 * fixture's {@code LIVE_OPEN_PLATFORM_*} messages reaching the same typed views as the web protocol's, the game
 * ended on disconnect, and a new game when the platform drops the running one.
 */
class OpenLiveDanmakuTest {

    private static final Duration WAIT = OpenLiveClientTest.WAIT;

    private FakeBilibiliServer server;
    private OpenLiveRoutes fake;
    private final List<BiliApiClient> clients = new ArrayList<>();
    private final List<OpenLiveClient> opens = new ArrayList<>();
    private final List<LiveDanmaku> rooms = new ArrayList<>();

    static Stream<String> backends() {
        return OpenLiveClientTest.backends();
    }

    private OpenLiveClient open(String backend) {
        server = FakeBilibiliServer.start();
        fake = server.module(LiveModule.class).openLive();
        BiliApiClient client = OpenLiveClientTest.newClient(backend);
        clients.add(client);
        BiliContext context = BiliContext.builder().client(client)
                .settings(RequestSettings.builder().redirectTo(server.httpBaseUrl()).build()).build();
        OpenLiveClient open = OpenLiveClient.builder(context, OpenLiveRoutes.APP_ID, OpenLiveRoutes.ACCESS_KEY_ID,
                OpenLiveRoutes.ACCESS_KEY_SECRET).build();
        opens.add(open);
        return open;
    }

    @AfterEach
    void stop() {
        rooms.forEach(r -> r.disconnect().join());
        opens.forEach(OpenLiveClient::close);
        clients.forEach(BiliApiClient::close);
        if (server != null) {
            server.close();
        }
    }

    /** The fixture's captured Open Platform messages (2022 set), compact. */
    static List<String> fixtureMessages() throws Exception {
        try (InputStream in = OpenLiveDanmakuTest.class.getResourceAsStream("/live/open/open_live.json")) {
            JsonNode examples = JsonMapper.builder().build().readTree(in.readAllBytes()).path("message_examples");
            List<String> out = new ArrayList<>();
            examples.properties().iterator().next().getValue().forEach(m -> out.add(m.toString()));
            return out;
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void openPlatformMessagesReachTheWebViewsAndDisconnectEndsTheGame(String backend) throws Exception {
        OpenLiveClient open = open(backend);
        LiveDanmaku room = open.danmaku(OpenLiveRoutes.IDENTITY_CODE).build();
        rooms.add(room);
        List<DanmakuEvent> events = new CopyOnWriteArrayList<>();
        // one listener, written for the web protocol's types
        DanmakuListener listener = events::add;
        for (String type : List.of("DANMU_MSG", "SEND_GIFT", "SUPER_CHAT_MESSAGE", "GUARD_BUY")) {
            room.on(type, listener);
        }
        room.connect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(room.realRoomId()).isEqualTo(LiveModule.DEFAULT_ROOM_ID);
        List<String> games = fake.runningGames();
        assertThat(games).hasSize(1);
        assertThat(fake.sessions(games.get(0))).isEqualTo(1);
        assertThat(server.module(LiveModule.class).lastAuth().path("group").asString()).isEqualTo("open");

        assertThat(fake.push(LiveModule.DEFAULT_ROOM_ID, LiveModule.Compression.ZLIB, fixtureMessages()))
                .isEqualTo(1);
        await().atMost(WAIT).until(() -> events.size() >= 4);
        assertThat(events).extracting(DanmakuEvent::type)
                .containsExactly("DANMU_MSG", "SEND_GIFT", "GUARD_BUY", "SUPER_CHAT_MESSAGE");
        assertThat(events.get(0).danmu().text()).isEqualTo("你们谁扔个小心心呗");
        assertThat(events.get(0).danmu().uname()).isEqualTo("猫裙少年泽远喵");
        assertThat(events.get(0).cmd()).isEqualTo("LIVE_OPEN_PLATFORM_DM");
        assertThat(events.get(1).gift().giftName()).isEqualTo("小心心");
        assertThat(events.get(3).message()).isPresent();

        room.disconnect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(fake.runningGames()).isEmpty();
        assertThat(fake.ends()).isEqualTo(1);
        assertThat(open.isRunning(games.get(0))).isFalse();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aGameThePlatformEndsIsReplacedByANewOne(String backend) throws Exception {
        OpenLiveClient open = open(backend);
        LiveDanmaku room = open.danmaku(OpenLiveRoutes.IDENTITY_CODE).reconnectBackoff(Duration.ofMillis(20),
                Duration.ofMillis(50)).build();
        rooms.add(room);
        List<DanmakuEvent> events = new CopyOnWriteArrayList<>();
        room.onAny(events::add);
        room.connect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        String first = fake.runningGames().get(0);

        fake.expire(first); // as after missed heartbeats: INTERACTION_END, then nothing more for that game
        await().atMost(WAIT).until(() -> events.stream()
                .filter(e -> e.type().equals(DanmakuEvent.VERIFICATION_SUCCESSFUL)).count() == 2);
        assertThat(events).anyMatch(e -> e.type().equals("LIVE_OPEN_PLATFORM_INTERACTION_END"));
        assertThat(fake.starts()).isEqualTo(2);
        List<String> running = fake.runningGames();
        assertThat(running).hasSize(1).doesNotContain(first);
        assertThat(fake.sessions(running.get(0))).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aWrongIdentityCodeFailsConnectAtOnceWhileABusyRoomIsRetried(String backend) throws Exception {
        OpenLiveClient open = open(backend);
        LiveDanmaku wrong = open.danmaku("WRONGCODE99").build();
        rooms.add(wrong);
        java.util.concurrent.ExecutionException failed = org.junit.jupiter.api.Assertions.assertThrows(
                java.util.concurrent.ExecutionException.class,
                () -> wrong.connect().get(WAIT.toSeconds(), TimeUnit.SECONDS));
        assertThat(failed.getCause()).isInstanceOf(io.github.bilibiliapi.live.danmaku.DanmakuConnectException.class)
                .hasMessageNotContaining("WRONGCODE99");
        assertThat(failed.getCause().getCause()).isInstanceOf(OpenLiveException.class);
        assertThat(((OpenLiveException) failed.getCause().getCause()).kind())
                .isEqualTo(OpenLiveException.Kind.IDENTITY_CODE);
        assertThat(wrong.state()).isIn(LiveDanmaku.State.STOPPING, LiveDanmaku.State.STOPPED);

        // a game left running (say, by a crashed process) makes start answer 7002 until it is gone
        OpenLiveGame leftOver = open.start(OpenLiveRoutes.IDENTITY_CODE).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        LiveDanmaku room = open.danmaku(OpenLiveRoutes.IDENTITY_CODE).reconnectBackoff(Duration.ofMillis(20),
                Duration.ofMillis(50)).build();
        rooms.add(room);
        List<DanmakuEvent> events = new CopyOnWriteArrayList<>();
        room.onAny(events::add);
        java.util.concurrent.CompletableFuture<Void> connected = room.connect();
        await().atMost(WAIT).until(() -> events.stream().anyMatch(e -> e.type().equals(DanmakuEvent.RECONNECTING)));
        assertThat(fake.refusals()).anyMatch(r -> r.startsWith("7002 "));
        open.end(leftOver.gameId()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        connected.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(fake.runningGames()).hasSize(1).doesNotContain(leftOver.gameId());
    }
}
