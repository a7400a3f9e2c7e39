package io.github.bilibiliapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bilibiliapi.api.Backends;
import io.github.bilibiliapi.api.FakeEnv;
import io.github.bilibiliapi.api.ResponseCodeException;
import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.live.danmaku.DanmakuEvent;
import io.github.bilibiliapi.test.live.LiveModule;
import io.github.bilibiliapi.user.UserService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;

/**
 * The facade and its Reactor face against the fake bilibili, on every backend: the same answers, the same exception
 * types, invalid arguments thrown from the call on both faces (before any request), requests made on subscription.
 */
class BilibiliFacadeFakeTest {

    static Stream<Named<Supplier<BiliApiClient>>> backends() {
        return Backends.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void bothFacesAnswerAlike(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            Bilibili bilibili = Bilibili.of(env.context());
            ReactiveBilibili reactive = bilibili.reactive();
            assertThat(bilibili.users()).isSameAs(bilibili.users());

            assertThat(reactive.users().getUserInfo(2).block(Duration.ofSeconds(30)))
                    .isEqualTo(bilibili.users().getUserInfo(2).join());
            assertThat(reactive.videos().getVideoInfo("BV17x411w7KC").block(Duration.ofSeconds(30)).aid())
                    .isEqualTo(bilibili.videos().getVideoInfo(170001).join().aid());
            assertThat(reactive.live().getRoomInit(LiveModule.DEFAULT_SHORT_ID).block(Duration.ofSeconds(30))
                    .roomId()).isEqualTo(LiveModule.DEFAULT_ROOM_ID);

            env.state.addMissingMid(77);
            assertThatThrownBy(() -> reactive.users().getUserInfo(77).block(Duration.ofSeconds(30)))
                    .isInstanceOfSatisfying(ResponseCodeException.class, e -> assertThat(e.code()).isEqualTo(-404));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void invalidArgumentsThrowFromTheCallOnBothFacesAndRequestsWaitForSubscription(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            Bilibili bilibili = Bilibili.of(env.context());
            ReactiveBilibili reactive = bilibili.reactive();
            long before = env.server.totalRequests();
            assertThatThrownBy(() -> bilibili.users().getUserInfo(0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("mid");
            assertThatThrownBy(() -> reactive.users().getUserInfo(0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("mid");
            assertThatThrownBy(() -> reactive.videos().getVideoInfo("BV1xx"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bvid");
            assertThatThrownBy(() -> reactive.videos().getVideoInfo(-1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> reactive.live().getDanmuInfo(0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> reactive.live().danmaku(-5)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> reactive.dynamics().uploadImage(Path.of("/no/such/file.png")))
                    .isInstanceOf(IllegalArgumentException.class);

            Mono<?> notSubscribed = reactive.videos().getVideoInfo("BV17x411w7KC");
            assertThat(env.server.totalRequests()).isEqualTo(before);
            notSubscribed.block(Duration.ofSeconds(30));
            long afterOne = env.server.requestCount("/x/web-interface/view");
            notSubscribed.block(Duration.ofSeconds(30));
            assertThat(env.server.requestCount("/x/web-interface/view")).isEqualTo(afterOne + 1);
        }
    }

    static Stream<Named<Supplier<BiliApiClient>>> webSocketBackends() {
        return Backends.all().filter(n -> !n.getName().startsWith("plain-jdk")); // HTTP only, no WebSocket
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("webSocketBackends")
    void liveEventsAreAFluxThatConnectsOnSubscribeAndDisconnectsOnCancel(Supplier<BiliApiClient> backend)
            throws Exception {
        try (FakeEnv env = new FakeEnv(backend)) {
            LiveModule live = env.server.module(LiveModule.class);
            ReactiveBilibili reactive = Bilibili.of(env.context()).reactive();
            java.util.concurrent.CompletableFuture<DanmakuEvent> first = reactive.live()
                    .danmaku(LiveModule.DEFAULT_SHORT_ID, "DANMU_MSG").next().toFuture();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> live.authenticatedSessions() == 1);
            String danmu = live.fixtureMessages().get(LiveModule.FIXTURE_NAMES.indexOf("DANMU_MSG.json"));
            assertThat(live.broadcastMessages(LiveModule.Compression.ZLIB, java.util.List.of(danmu))).isEqualTo(1);
            DanmakuEvent event = first.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(event.danmu().text()).isNotBlank();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10))
                    .until(() -> live.openSessions() == 0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void suppliedServicesAreTheOnesUsed(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            UserService mine = new UserService(env.context());
            Bilibili bilibili = Bilibili.of(env.context(), type -> type == UserService.class ? mine : null);
            assertThat(bilibili.users()).isSameAs(mine);
            assertThat(bilibili.videos()).isNotNull();
        }
    }
}
