package io.github.bilibiliapi.live.danmaku;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.bilibiliapi.test.FakeBilibiliServer;
import io.github.bilibiliapi.test.live.LiveModule;
import io.github.bilibiliapi.test.live.LiveModule.Compression;
import io.github.bilibiliapi.test.live.LivePackets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The connection logic on real loopback sockets: {@link LiveDanmaku} over {@link JdkTestTransport} against the fake's
 * {@code /sub}. Short heartbeat, auth and stall timeouts keep it fast; nothing waits by sleeping.
 */
class LiveDanmakuTest {

    private static final Duration WAIT = Duration.ofSeconds(15);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private FakeBilibiliServer server;
    private LiveModule live;
    private JdkTestTransport transport;
    private final List<LiveDanmaku> created = new ArrayList<>();
    private final List<DanmakuEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        server = FakeBilibiliServer.builder().module(new LiveModule(null)).start();
        live = server.module(LiveModule.class);
        transport = new JdkTestTransport(server.httpBaseUrl());
    }

    @AfterEach
    void stop() {
        for (LiveDanmaku d : created) {
            d.disconnect().orTimeout(10, TimeUnit.SECONDS).join();
        }
        transport.close();
        server.close();
    }

    private LiveDanmaku.Builder builder(long roomId) {
        return LiveDanmaku.builder(transport, roomId)
                .heartbeatInterval(Duration.ofMillis(200))
                .reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(200));
    }

    private LiveDanmaku connected(LiveDanmaku.Builder b) throws Exception {
        LiveDanmaku d = b.build();
        created.add(d);
        d.onAny(events::add);
        d.connect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        return d;
    }

    private List<String> types(String... only) {
        List<String> wanted = List.of(only);
        return events.stream().map(DanmakuEvent::type).filter(t -> wanted.isEmpty() || wanted.contains(t)).toList();
    }

    private long count(String type) {
        return events.stream().filter(e -> e.type().equals(type)).count();
    }

    // ------------------------------------------------------------------ the flow

    @Test
    void resolvesTheShortIdAuthenticatesLikeTheWebClientAndResolvesConnect() throws Exception {
        LiveDanmaku d = connected(builder(LiveModule.DEFAULT_SHORT_ID));

        assertThat(d.state()).isEqualTo(LiveDanmaku.State.CONNECTED);
        assertThat(d.realRoomId()).isEqualTo(LiveModule.DEFAULT_ROOM_ID);
        assertThat(events.get(0).type()).isEqualTo(DanmakuEvent.VERIFICATION_SUCCESSFUL);
        assertThat(events.get(0).raw().path("code").asInt(-1)).isZero();
        JsonNode auth = live.lastAuth();
        assertThat(auth.path("uid").asLong(-1)).isZero();
        assertThat(auth.path("roomid").asLong()).isEqualTo(LiveModule.DEFAULT_ROOM_ID);
        assertThat(auth.path("protover").asInt()).isEqualTo(3);
        assertThat(auth.path("platform").asString()).isEqualTo("web");
        assertThat(auth.path("type").asInt()).isEqualTo(2);
        assertThat(auth.path("buvid").asString()).isEqualTo(JdkTestTransport.BUVID3);
        assertThat(auth.path("key").asString()).isNotBlank();
        // the order of the web client's auth packet
        List<String> names = new ArrayList<>();
        auth.propertyNames().forEach(names::add);
        assertThat(names).containsExactly("uid", "roomid", "protover", "platform", "type", "buvid", "key");
        assertThat(transport.openedUrls.get(0)).isEqualTo("wss://" + LiveModule.HOSTS.get(0) + ":" + server.httpsPort() + "/sub");
        assertThat(d.toString()).contains("14073662").doesNotContain(auth.path("key").asString());
    }

    @Test
    void deliversEveryFixtureWithTheRightEventNameInProtover0And2And3() throws Exception {
        LiveDanmaku d = connected(builder(LiveModule.VECTOR_ROOM_ID));
        List<String> fixtures = live.fixtureMessages();
        List<String> expected = fixtures.stream()
                .map(f -> JSON.readTree(f).path("cmd").asString().split(":")[0]).toList();
        assertThat(expected).contains("DANMU_MSG", "SEND_GIFT", "SUPER_CHAT_MESSAGE", "INTERACT_WORD", "GUARD_BUY")
                .doesNotContain("DANMU_MSG:4:0:2:2:2:0");
        List<String> perType = new CopyOnWriteArrayList<>();
        d.on("DANMU_MSG", e -> perType.add(e.cmd()));

        for (Compression c : Compression.values()) {
            events.clear();
            assertThat(live.broadcastMessages(c, fixtures)).isEqualTo(1);
            await().atMost(WAIT).until(() -> types().stream().filter(t -> !t.equals(DanmakuEvent.VIEW)).count()
                    >= expected.size());
            assertThat(types().stream().filter(t -> !t.equals(DanmakuEvent.VIEW)).toList()).as("compression %s", c)
                    .isEqualTo(expected);
        }
        // both DANMU_MSG fixtures, the plain one and the one with a suffix, reached the DANMU_MSG listener each time
        assertThat(perType).hasSize(6).contains("DANMU_MSG", "DANMU_MSG:4:0:2:2:2:0");
        assertThat(d.state()).isEqualTo(LiveDanmaku.State.CONNECTED);
        assertThat(live.sessionsOpened()).isEqualTo(1);
    }

    @Test
    void typedViewsReadTheFixtures() throws Exception {
        LiveDanmaku d = connected(builder(LiveModule.VECTOR_ROOM_ID));
        List<Object> views = new CopyOnWriteArrayList<>();
        d.on("DANMU_MSG", e -> views.add(e.danmu()))
                .on("SEND_GIFT", e -> views.add(e.gift()))
                .on("SUPER_CHAT_MESSAGE", e -> views.add(e.superChat()))
                .on("INTERACT_WORD", e -> views.add(e.interactWord()))
                .on("GUARD_BUY", e -> views.add(e.guardBuy()));
        live.broadcastMessages(Compression.BROTLI, live.fixtureMessages());
        await().atMost(WAIT).until(() -> views.size() == 6);
        // the fields of the first version; LiveMessageViewsTest checks every field against the fixtures
        assertThat(views.stream().map(LiveDanmakuTest::shortForm).toList()).contains(
                new DanmuMessage("白花300块[热]", 6088969, "tim1997", 9920249, 1723979200649L, 29, "果咩吖"),
                new DanmuMessage("__MOCK_MESSAGE_CONTENT__", 77777777771L, "__MOCK_UNAME__", 16777215, 1669884799391L, 0, ""),
                new GiftMessage(510149209, "12138额83121", 31036, "小花花", 1, "投喂", 100, "gold", 100, 1673622464),
                new SuperChatMessage(6522809, 294094150, "界原虚", "猪播完美预测自己第一个死，这就是鹅鸭杀高玩吗", 30,
                        1677069035, 1677069095),
                new InteractWordMessage(335979315, "TIM_Init", InteractWordMessage.ENTER, 24143902, 1644563948),
                new GuardBuyMessage(14225357, "妙妙喵喵妙妙喵O_O", 3, 1, 198000, "舰长", 1677069316));
    }

    private static Object shortForm(Object v) {
        if (v instanceof DanmuMessage d) {
            return new DanmuMessage(d.text(), d.uid(), d.uname(), d.color(), d.timestampMillis(), d.medalLevel(),
                    d.medalName());
        } else if (v instanceof GiftMessage g) {
            return new GiftMessage(g.uid(), g.uname(), g.giftId(), g.giftName(), g.num(), g.action(), g.price(),
                    g.coinType(), g.totalCoin(), g.timestamp());
        } else if (v instanceof SuperChatMessage s) {
            return new SuperChatMessage(s.id(), s.uid(), s.uname(), s.message(), s.price(), s.startTime(),
                    s.endTime());
        } else if (v instanceof InteractWordMessage w) {
            return new InteractWordMessage(w.uid(), w.uname(), w.msgType(), w.roomId(), w.timestamp());
        } else if (v instanceof GuardBuyMessage g) {
            return new GuardBuyMessage(g.uid(), g.username(), g.guardLevel(), g.num(), g.price(), g.giftName(),
                    g.startTime());
        }
        return v;
    }

    @Test
    void heartbeatsAtTheConfiguredIntervalAndReportsPopularity() throws Exception {
        live.setPopularity(123456);
        LiveDanmaku d = connected(builder(LiveModule.VECTOR_ROOM_ID));
        await().atMost(WAIT).until(() -> live.heartbeats() >= 3 && count(DanmakuEvent.VIEW) >= 3);
        assertThat(d.popularity()).isEqualTo(123456);
        DanmakuEvent view = events.stream().filter(e -> e.type().equals(DanmakuEvent.VIEW)).findFirst().orElseThrow();
        assertThat(view.popularity()).isEqualTo(123456);
        // the fake appends "[object Object]" after every op 3, as bilibili does: no error came of it
        assertThat(count(DanmakuEvent.ERROR)).isZero();
    }

    // ------------------------------------------------------------------ failures

    @Test
    void reconnectsAfterTheServerDropsTheConnection() throws Exception {
        connected(builder(LiveModule.VECTOR_ROOM_ID));
        assertThat(live.dropAll()).isEqualTo(1);
        await().atMost(WAIT).until(() -> count(DanmakuEvent.VERIFICATION_SUCCESSFUL) == 2);
        assertThat(types(DanmakuEvent.RECONNECTING, DanmakuEvent.VERIFICATION_SUCCESSFUL))
                .startsWith(DanmakuEvent.VERIFICATION_SUCCESSFUL, DanmakuEvent.RECONNECTING);
        assertThat(live.sessionsOpened()).isEqualTo(2);
        // the token was still good: no new getDanmuInfo
        assertThat(live.danmuInfoRequests()).isEqualTo(1);
        live.broadcastMessages(Compression.ZLIB, List.of("{\"cmd\":\"AFTER_RECONNECT\"}"));
        await().atMost(WAIT).until(() -> count("AFTER_RECONNECT") == 1);
        await().atMost(WAIT).until(() -> transport.openSockets() == 1);
    }

    @Test
    void aGracefulServerCloseAlsoReconnects() throws Exception {
        connected(builder(LiveModule.VECTOR_ROOM_ID));
        live.closeAll();
        await().atMost(WAIT).until(() -> count(DanmakuEvent.VERIFICATION_SUCCESSFUL) == 2);
    }

    @Test
    void aRejectedAuthFetchesANewToken() throws Exception {
        live.rejectNextAuths(1);
        connected(builder(LiveModule.VECTOR_ROOM_ID));
        assertThat(live.authFailures()).isEqualTo(1);
        assertThat(live.authSuccesses()).isEqualTo(1);
        assertThat(live.danmuInfoRequests()).isEqualTo(2);
        assertThat(types(DanmakuEvent.RECONNECTING, DanmakuEvent.VERIFICATION_SUCCESSFUL))
                .containsExactly(DanmakuEvent.RECONNECTING, DanmakuEvent.VERIFICATION_SUCCESSFUL);
        DanmakuEvent reconnecting = events.get(0);
        assertThat(reconnecting.raw().path("reason").asString()).contains("auth rejected");
    }

    @Test
    void anExpiredTokenIsReplacedOnReconnect() throws Exception {
        connected(builder(LiveModule.VECTOR_ROOM_ID));
        live.revokeTokens();
        live.dropAll();
        // the old token fails once, then a new one is fetched
        await().atMost(WAIT).until(() -> count(DanmakuEvent.VERIFICATION_SUCCESSFUL) == 2);
        assertThat(live.danmuInfoRequests()).isEqualTo(2);
        assertThat(live.lastAuthFailure()).isEqualTo("unknown token");
    }

    @Test
    void aDifferentUserAgentOnTheSocketIsRejectedBecauseTheTokenIsTiedToIt() {
        transport.userAgentForWs = "SomethingElse/2.0";
        LiveDanmaku d = builder(LiveModule.VECTOR_ROOM_ID).maxReconnectAttempts(1).build();
        created.add(d);
        assertThatThrownBy(() -> d.connect().get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).cause()
                .isInstanceOf(DanmakuConnectException.class).hasMessageContaining("auth rejected")
                .hasMessageContaining("after 2 attempts");
        assertThat(live.lastAuthFailure()).contains("User-Agent");
        await().atMost(WAIT).until(() -> d.state() == LiveDanmaku.State.STOPPED);
    }

    @Test
    void failsOverToTheNextHost() throws Exception {
        transport.refuseHosts.add(LiveModule.HOSTS.get(0));
        transport.refuseHosts.add(LiveModule.HOSTS.get(1));
        connected(builder(LiveModule.VECTOR_ROOM_ID));
        assertThat(transport.openedUrls).hasSize(3);
        assertThat(transport.openedUrls.get(2)).contains(LiveModule.HOSTS.get(2));
        assertThat(types(DanmakuEvent.RECONNECTING)).hasSize(2);
        assertThat(events.get(0).raw().path("reason").asString()).contains("could not open").contains("refused by the test");
    }

    @Test
    void aStalledServerIsDetectedAndReplaced() throws Exception {
        connected(builder(LiveModule.VECTOR_ROOM_ID).stallTimeout(Duration.ofMillis(600))
                .authTimeout(Duration.ofMillis(600)));
        live.setStalled(true);
        await().atMost(WAIT).until(() -> events.stream().anyMatch(e -> e.type().equals(DanmakuEvent.RECONNECTING)
                && e.raw().path("reason").asString().startsWith("nothing received for 600 ms")));
        live.setStalled(false);
        await().atMost(WAIT).until(() -> count(DanmakuEvent.VERIFICATION_SUCCESSFUL) >= 2);
    }

    @Test
    void aReceiveStepThatThrowsReplacesTheConnectionInsteadOfStoppingTheLoop() throws Exception {
        LiveDanmaku d = connected(builder(LiveModule.VECTOR_ROOM_ID));
        transport.unreadableNextReceive.set(true);
        live.broadcastMessages(Compression.NONE, List.of("{\"cmd\":\"WAKE\"}")); // the loop receives again
        await().atMost(WAIT).until(() -> count(DanmakuEvent.VERIFICATION_SUCCESSFUL) == 2);
        assertThat(events.stream().filter(e -> e.type().equals(DanmakuEvent.RECONNECTING))
                .map(e -> e.raw().path("reason").asString())).containsExactly("internal error (NullPointerException)");
        assertThat(d.state()).isEqualTo(LiveDanmaku.State.CONNECTED);
        assertThat(live.sessionsOpened()).isEqualTo(2);
    }

    @Test
    void garbageUnknownOpsAndBombsAreReportedAndSkippedWithoutReconnecting() throws Exception {
        LiveDanmaku d = connected(builder(LiveModule.VECTOR_ROOM_ID).maxInflatedBytes(64 * 1024));
        live.broadcast(new byte[] {1, 2, 3});
        live.broadcast(LivePackets.packet(0, 5, 0, "not json".getBytes()));
        live.broadcast(LivePackets.packet(0, 5, 0, "{\"no\":\"cmd\"}".getBytes()));
        live.broadcast(LivePackets.packet(1, 99, 0, new byte[4]));
        live.broadcast(LivePackets.packet(2, 5, 0, LivePackets.zlib(new byte[1024 * 1024])));
        live.broadcast(LivePackets.authReply(0)); // a repeated auth reply is ignored
        live.broadcastMessages(Compression.NONE, List.of("{\"cmd\":\"STILL_ALIVE\"}"));
        await().atMost(WAIT).until(() -> count("STILL_ALIVE") == 1);

        List<DanmakuProtocolException.Kind> kinds = events.stream().filter(e -> e.type().equals(DanmakuEvent.ERROR))
                .map(e -> ((DanmakuProtocolException) e.error()).kind()).toList();
        assertThat(kinds).containsExactly(DanmakuProtocolException.Kind.TRUNCATED,
                DanmakuProtocolException.Kind.MALFORMED, DanmakuProtocolException.Kind.MALFORMED,
                DanmakuProtocolException.Kind.UNKNOWN_OP, DanmakuProtocolException.Kind.TOO_LARGE);
        assertThat(events.stream().filter(e -> e.type().equals(DanmakuEvent.ERROR)).map(e -> e.raw().path("message").asString()))
                .allSatisfy(m -> assertThat(m).isNotBlank());
        assertThat(d.state()).isEqualTo(LiveDanmaku.State.CONNECTED);
        assertThat(live.sessionsOpened()).isEqualTo(1);
        assertThat(count(DanmakuEvent.VERIFICATION_SUCCESSFUL)).isEqualTo(1);
    }

    @Test
    void aThrowingListenerBreaksNeitherTheOthersNorTheConnection() throws Exception {
        LiveDanmaku d = connected(builder(LiveModule.VECTOR_ROOM_ID));
        AtomicInteger after = new AtomicInteger();
        d.on("BOOM", e -> {
            throw new IllegalStateException("listener bug");
        });
        d.on("BOOM", e -> after.incrementAndGet());
        d.on("BOOM", e -> {
            throw new Exception("checked, too");
        });
        live.broadcastMessages(Compression.NONE, List.of("{\"cmd\":\"BOOM\"}", "{\"cmd\":\"BOOM\"}", "{\"cmd\":\"NEXT\"}"));
        await().atMost(WAIT).until(() -> count("NEXT") == 1);
        assertThat(after.get()).isEqualTo(2);
        assertThat(count("BOOM")).isEqualTo(2); // the onAny listener saw them too
        assertThat(d.state()).isEqualTo(LiveDanmaku.State.CONNECTED);
    }

    @Test
    void anUnknownRoomFailsConnectClearlyAndReleasesTheThread() {
        LiveDanmaku d = builder(999).build();
        created.add(d);
        assertThatThrownBy(() -> d.connect().get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .cause().isInstanceOf(DanmakuConnectException.class)
                .hasMessageContaining("room_init for room 999 failed").hasMessageContaining("60004");
        await().atMost(WAIT).until(() -> d.state() == LiveDanmaku.State.STOPPED);
        await().atMost(WAIT).until(() -> threadsOf(d) == 0);
    }

    // ------------------------------------------------------------------ disconnect

    @Test
    void disconnectReallyStops() throws Exception {
        LiveDanmaku d = connected(builder(LiveModule.VECTOR_ROOM_ID));
        assertThat(threadsOf(d)).isEqualTo(1);

        d.disconnect().get(WAIT.toSeconds(), TimeUnit.SECONDS);

        assertThat(d.state()).isEqualTo(LiveDanmaku.State.STOPPED);
        assertThat(events.get(events.size() - 1).type()).isEqualTo(DanmakuEvent.DISCONNECT);
        assertThat(events.get(events.size() - 1).raw().path("reason").asString()).contains("disconnect()");
        assertThat(transport.openSockets()).isZero();
        await().atMost(WAIT).until(() -> live.openSessions() == 0);
        await().atMost(WAIT).until(() -> threadsOf(d) == 0);
        int seen = events.size();
        long sessions = live.sessionsOpened();
        assertThat(live.broadcastMessages(Compression.NONE, List.of("{\"cmd\":\"LATE\"}"))).isZero();
        assertThat(events).hasSize(seen);
        assertThat(live.sessionsOpened()).isEqualTo(sessions);
        // idempotent, and the object is single-use
        d.disconnect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThatThrownBy(d::connect).isInstanceOf(IllegalStateException.class).hasMessageContaining("create a new one");
    }

    @Test
    void disconnectDuringTheBackoffCancelsTheReconnect() throws Exception {
        LiveDanmaku d = connected(builder(LiveModule.VECTOR_ROOM_ID)
                .reconnectBackoff(Duration.ofSeconds(30), Duration.ofSeconds(30)));
        live.dropAll();
        await().atMost(WAIT).until(() -> d.state() == LiveDanmaku.State.RECONNECTING);
        d.disconnect().get(5, TimeUnit.SECONDS); // well before the 30 s backoff
        assertThat(live.sessionsOpened()).isEqualTo(1);
        assertThat(types(DanmakuEvent.DISCONNECT)).hasSize(1);
        await().atMost(WAIT).until(() -> threadsOf(d) == 0);
    }

    @Test
    void disconnectBeforeTheAuthReplyFailsConnect() throws Exception {
        live.setStalled(true); // the auth is never answered
        LiveDanmaku d = builder(LiveModule.VECTOR_ROOM_ID).build();
        created.add(d);
        var connecting = d.connect();
        await().atMost(WAIT).until(() -> live.openSessions() == 1);
        d.disconnect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThatThrownBy(connecting::join).cause().isInstanceOf(DanmakuConnectException.class)
                .hasMessageContaining("disconnect() was called before");
        assertThat(transport.openSockets()).isZero();
    }

    @Test
    void withAUserSchedulerNothingOfOursIsLeftQueuedAndTheSchedulerKeepsRunning() throws Exception {
        ScheduledThreadPoolExecutor shared = new ScheduledThreadPoolExecutor(2);
        shared.setRemoveOnCancelPolicy(true);
        try {
            LiveDanmaku d = connected(builder(LiveModule.VECTOR_ROOM_ID).scheduler(shared));
            await().atMost(WAIT).until(() -> count(DanmakuEvent.VIEW) >= 2);
            assertThat(d.threadName()).isNull();
            d.disconnect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(shared.isShutdown()).isFalse();
            await().atMost(WAIT).until(() -> shared.getQueue().isEmpty() && shared.getActiveCount() == 0);
            int seen = events.size();
            live.dropAll();
            assertThat(shared.getQueue()).isEmpty();
            assertThat(events).hasSize(seen);
        } finally {
            shared.shutdownNow();
        }
    }

    @Test
    void manyRoomsShareOneSmallSchedulerWithoutAThreadEach() throws Exception {
        int rooms = 100;
        ScheduledThreadPoolExecutor shared = new ScheduledThreadPoolExecutor(2);
        shared.setRemoveOnCancelPolicy(true);
        List<LiveDanmaku> all = new ArrayList<>();
        AtomicInteger received = new AtomicInteger();
        try {
            int threadsBefore = Thread.activeCount();
            List<java.util.concurrent.CompletableFuture<Void>> connecting = new ArrayList<>();
            for (int i = 0; i < rooms; i++) {
                LiveDanmaku d = builder(LiveModule.VECTOR_ROOM_ID).scheduler(shared)
                        .heartbeatInterval(Duration.ofSeconds(1)).build();
                d.on("HELLO", e -> received.incrementAndGet());
                all.add(d);
                connecting.add(d.connect());
            }
            java.util.concurrent.CompletableFuture.allOf(connecting.toArray(java.util.concurrent.CompletableFuture[]::new))
                    .get(60, TimeUnit.SECONDS);
            // awaited, not asserted at once: on a loaded machine a room may be reconnecting right now (its 1 s
            // heartbeat missed), and it must come back
            await().atMost(WAIT).until(() -> live.authenticatedSessions() == rooms);
            // no thread per connection: only the shared scheduler's and the transport's threads
            assertThat(Thread.activeCount() - threadsBefore).isLessThan(20);
            assertThat(live.broadcastMessages(Compression.BROTLI, List.of("{\"cmd\":\"HELLO\"}"))).isEqualTo(rooms);
            await().atMost(WAIT).until(() -> received.get() == rooms);
            for (LiveDanmaku d : all) {
                d.disconnect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
            await().atMost(WAIT).until(() -> live.openSessions() == 0 && transport.openSockets() == 0);
            await().atMost(WAIT).until(() -> shared.getQueue().isEmpty());
        } finally {
            shared.shutdownNow();
        }
    }

    @Test
    void fluxAdapterEmitsTheWantedTypesAndCompletesOnDisconnect() throws Exception {
        LiveDanmaku d = connected(builder(LiveModule.VECTOR_ROOM_ID));
        var texts = DanmakuFlux.events(d, "DANMU_MSG").map(e -> e.danmu().text()).collectList().toFuture();
        live.broadcastMessages(Compression.BROTLI, live.fixtureMessages());
        await().atMost(WAIT).until(() -> count("DANMU_MSG") == 2);
        d.disconnect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(texts.get(WAIT.toSeconds(), TimeUnit.SECONDS))
                .containsExactly("白花300块[热]", "__MOCK_MESSAGE_CONTENT__");
    }

    @Test
    void builderRejectsBadOptionsBeforeAnyIo() {
        assertThatThrownBy(() -> LiveDanmaku.builder(transport, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("roomId");
        assertThatThrownBy(() -> builder(1).heartbeatInterval(Duration.ZERO)).hasMessageContaining("heartbeatInterval");
        assertThatThrownBy(() -> builder(1).reconnectBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("shorter");
        assertThatThrownBy(() -> builder(1).maxReconnectAttempts(-2)).hasMessageContaining("maxReconnectAttempts");
        assertThatThrownBy(() -> builder(1).maxInflatedBytes(0)).hasMessageContaining("maxInflatedBytes");
        LiveDanmaku d = builder(1).build();
        assertThatThrownBy(() -> d.on("DANMU_MSG:4:0", e -> { })).hasMessageContaining(":suffix");
        assertThatThrownBy(() -> d.on(" ", e -> { })).isInstanceOf(IllegalArgumentException.class);
        d.disconnect().join();
        assertThat(live.sessionsOpened()).isZero();
        assertThat(live.danmuInfoRequests()).isZero();
    }

    /** Live threads named like {@code d}'s own thread (0 with a user scheduler). */
    static long threadsOf(LiveDanmaku d) {
        String name = d.threadName();
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals(name) && t.isAlive()).count();
    }
}
