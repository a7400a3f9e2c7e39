package io.github.bilibiliapi.live.open;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.api.RequestSettings;
import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiClientProvider;
import io.github.bilibiliapi.client.ClientSettings;
import io.github.bilibiliapi.test.FakeBilibiliServer;
import io.github.bilibiliapi.test.live.LiveModule;
import io.github.bilibiliapi.test.live.OpenLiveRoutes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link OpenLiveClient} against the fake's Open Platform on every backend: the signed start / heartbeat / batch
 * heartbeat / end calls, the documented refusals as typed exceptions, the automatic heartbeats, and a game the
 * platform drops after missed heartbeats.
 */
class OpenLiveClientTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    private FakeBilibiliServer server;
    private OpenLiveRoutes fake;
    private final List<BiliApiClient> clients = new ArrayList<>();
    private final List<OpenLiveClient> opens = new ArrayList<>();

    static Stream<String> backends() {
        return Stream.of("okhttp", "webclient", "jdk");
    }

    static BiliApiClient newClient(String backend) {
        BiliApiClientProvider provider = ServiceLoader.load(BiliApiClientProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.name().equals(backend)).findFirst().orElseThrow();
        return provider.factory().create(ClientSettings.DEFAULTS, null);
    }

    private OpenLiveClient.Builder open(String backend, String keyId, String secret) {
        if (server == null) {
            server = FakeBilibiliServer.start();
            fake = server.module(LiveModule.class).openLive();
        }
        BiliApiClient client = newClient(backend);
        clients.add(client);
        BiliContext context = BiliContext.builder().client(client)
                .settings(RequestSettings.builder().redirectTo(server.httpBaseUrl()).build()).build();
        return OpenLiveClient.builder(context, OpenLiveRoutes.APP_ID, keyId, secret);
    }

    private OpenLiveClient open(String backend) {
        OpenLiveClient c = open(backend, OpenLiveRoutes.ACCESS_KEY_ID, OpenLiveRoutes.ACCESS_KEY_SECRET).build();
        opens.add(c);
        return c;
    }

    @AfterEach
    void stop() {
        opens.forEach(OpenLiveClient::close);
        clients.forEach(BiliApiClient::close);
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void startHeartbeatBatchAndEnd(String backend) throws Exception {
        OpenLiveClient open = open(backend);
        OpenLiveGame game = open.start(OpenLiveRoutes.IDENTITY_CODE).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(game.anchor().roomId()).isEqualTo(LiveModule.DEFAULT_ROOM_ID);
        assertThat(game.anchor().uid()).isEqualTo(OpenLiveRoutes.ANCHOR_UID);
        assertThat(game.wssLinks()).hasSize(3).allMatch(l -> l.startsWith("wss://") && l.endsWith("/sub"));
        assertThat(game.authBody()).contains("\"group\":\"open\"");
        assertThat(game.toString()).doesNotContain(game.authBody());
        assertThat(open.isRunning(game.gameId())).isTrue();
        assertThat(fake.runningGames()).containsExactly(game.gameId());

        open.heartbeat(game.gameId()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(fake.heartbeats()).isEqualTo(1);
        assertThat(open.batchHeartbeat(List.of(game.gameId(), "no-such-game")).get(WAIT.toSeconds(),
                TimeUnit.SECONDS)).containsExactly("no-such-game");

        open.end(game.gameId()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(fake.runningGames()).isEmpty();
        assertThat(open.isRunning(game.gameId())).isFalse();
        OpenLiveException expired = failure(open.heartbeat(game.gameId()));
        assertThat(expired.code()).isEqualTo(7003);
        assertThat(expired.kind()).isEqualTo(OpenLiveException.Kind.GAME_NOT_RUNNING);
        assertThat(expired.requestId()).isNotEmpty();
        // a game that is already over counts as ended
        open.end(game.gameId()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(fake.refusals()).anyMatch(r -> r.startsWith("7000 "));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void refusalsAreTypedAndCarryNoSecret(String backend) throws Exception {
        OpenLiveClient open = open(backend);
        OpenLiveException wrongCode = failure(open.start("WRONGCODE99"));
        assertThat(wrongCode.code()).isEqualTo(7007);
        assertThat(wrongCode.kind()).isEqualTo(OpenLiveException.Kind.IDENTITY_CODE);
        assertThat(wrongCode.getMessage()).contains("/v2/app/start").doesNotContain("WRONGCODE99");

        OpenLiveClient badSecret = open(backend, OpenLiveRoutes.ACCESS_KEY_ID, "not-the-secret-123").build();
        opens.add(badSecret);
        OpenLiveException signature = failure(badSecret.start(OpenLiveRoutes.IDENTITY_CODE));
        assertThat(signature.code()).isEqualTo(4002);
        assertThat(signature.kind()).isEqualTo(OpenLiveException.Kind.SIGNATURE);
        assertThat(signature.getMessage()).doesNotContain("not-the-secret-123")
                .doesNotContain(OpenLiveRoutes.IDENTITY_CODE);
        assertThat(badSecret.toString()).doesNotContain("not-the-secret-123");

        OpenLiveClient badKey = open(backend, "someone-else", OpenLiveRoutes.ACCESS_KEY_SECRET).build();
        opens.add(badKey);
        assertThat(failure(badKey.start(OpenLiveRoutes.IDENTITY_CODE)).code()).isEqualTo(4001);
        assertThat(fake.starts()).isZero();

        OpenLiveGame game = open.start(OpenLiveRoutes.IDENTITY_CODE).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(failure(open.start(OpenLiveRoutes.IDENTITY_CODE)).kind())
                .isEqualTo(OpenLiveException.Kind.ROOM_BUSY);
        open.end(game.gameId()).get(WAIT.toSeconds(), TimeUnit.SECONDS);

        // bad input before any I/O
        assertThatThrownBy(() -> open.start(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("identityCode");
        assertThatThrownBy(() -> open.batchHeartbeat(Collections.nCopies(201, "g")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("gameIds");
        assertThatThrownBy(() -> open.batchHeartbeat(List.of("a", "a")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicates");
        assertThatThrownBy(() -> open.end("")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gameId");
        assertThatThrownBy(() -> OpenLiveClient.builder(open.context(), 0, "id", "secret"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("appId");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void runningGamesGetHeartbeatsOneOrBatched(String backend) throws Exception {
        OpenLiveClient open = open(backend, OpenLiveRoutes.ACCESS_KEY_ID, OpenLiveRoutes.ACCESS_KEY_SECRET)
                .heartbeatInterval(Duration.ofMillis(100)).build();
        opens.add(open);
        fake.addIdentityCode("SECONDCODE02", LiveModule.VECTOR_ROOM_ID);
        OpenLiveGame first = open.start(OpenLiveRoutes.IDENTITY_CODE).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> fake.heartbeats() >= 2);
        open.start("SECONDCODE02").get(WAIT.toSeconds(), TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> fake.batchHeartbeats() >= 2);
        assertThat(fake.refusals()).isEmpty();
        assertThat(fake.runningGames()).hasSize(2).contains(first.gameId());
        open.close();
        assertThat(fake.runningGames()).isEmpty();
        assertThatThrownBy(() -> open.start(OpenLiveRoutes.IDENTITY_CODE)).isInstanceOf(IllegalStateException.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aGameWithoutHeartbeatsIsDroppedAndReported(String backend) throws Exception {
        OpenLiveClient open = open(backend, OpenLiveRoutes.ACCESS_KEY_ID, OpenLiveRoutes.ACCESS_KEY_SECRET)
                .heartbeatInterval(Duration.ofMillis(150)).build();
        opens.add(open);
        List<String> lost = Collections.synchronizedList(new ArrayList<>());
        open.onGameLost(lost::add);
        fake.setHeartbeatTimeout(Duration.ofMillis(50)); // shorter than our interval: the platform gives up first
        OpenLiveGame game = open.start(OpenLiveRoutes.IDENTITY_CODE).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> lost.contains(game.gameId()));
        assertThat(open.isRunning(game.gameId())).isFalse();
        assertThat(fake.runningGames()).isEmpty();
        assertThat(fake.refusals()).anyMatch(r -> r.startsWith("7003 /v2/app/heartbeat"));
    }

    static OpenLiveException failure(CompletableFuture<?> f) throws Exception {
        try {
            f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            assertThat(e.getCause()).isInstanceOf(OpenLiveException.class);
            return (OpenLiveException) e.getCause();
        }
        throw new AssertionError("expected a refusal");
    }
}
