package io.github.bilibiliapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bilibiliapi.api.Backends;
import io.github.bilibiliapi.api.FakeEnv;
import io.github.bilibiliapi.api.ResponseCodeException;
import io.github.bilibiliapi.api.Credential;
import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.comment.CommentSort;
import io.github.bilibiliapi.comment.CommentType;
import io.github.bilibiliapi.video.PlayUrlRequest;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
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

    static final String BVID = "BV17x411w7KC";
    static final long AID = 170001;
    static final long CID = 146044693; // the fake's view answer names this part for every video
    static final long MID = 946974;

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void everyAreaAnswersAlikeOnBothFaces(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            Bilibili bilibili = Bilibili.of(env.context());
            ReactiveBilibili reactive = bilibili.reactive();
            Duration t = Duration.ofSeconds(30);

            assertThat(reactive.videos().getPages(BVID).block(t)).isEqualTo(bilibili.videos().getPages(BVID).join());
            assertThat(reactive.videos().getPlayUrl(BVID, CID, PlayUrlRequest.dash()).block(t).quality())
                    .isEqualTo(bilibili.videos().getPlayUrl(BVID, CID, PlayUrlRequest.dash()).join().quality());
            long segmentsBefore = env.server.requestCount("/x/v2/dm/wbi/web/seg.so");
            assertThat(reactive.videos().danmaku(AID, CID, 486).take(5).collectList().block(t)).hasSize(5);
            assertThat(env.server.requestCount("/x/v2/dm/wbi/web/seg.so") - segmentsBefore).isEqualTo(1);
            assertThat(reactive.videos().danmaku(AID, CID, 486).collectList().block(t))
                    .isEqualTo(bilibili.videos().danmaku(AID, CID, 486).toList());

            assertThat(reactive.search().all("少年").block(t).videos())
                    .isEqualTo(bilibili.search().all("少年").join().videos());
            assertThat(reactive.spaces().relationStat(MID).block(t))
                    .isEqualTo(bilibili.spaces().relationStat(MID).join());
            assertThat(reactive.spaces().uploads(MID).take(31).collectList().block(t))
                    .isEqualTo(bilibili.spaces().uploads(MID).stream().limit(31).toList());
            assertThat(reactive.favorites().folders(MID).block(t))
                    .isEqualTo(bilibili.favorites().folders(MID).join());
            assertThat(reactive.comments().list(CommentType.VIDEO, AID, CommentSort.TIME).take(3).collectList()
                    .block(t)).isEqualTo(bilibili.comments().list(CommentType.VIDEO, AID, CommentSort.TIME).stream()
                    .limit(3).toList());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void everyAreaThrowsAlikeFromTheCallOnBothFaces(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            Bilibili bilibili = Bilibili.of(env.context()); // no login
            ReactiveBilibili reactive = bilibili.reactive();
            long before = env.server.totalRequests();
            List<ThrowingCallable[]> pairs = List.of(
                    pair(() -> bilibili.videos().getPlayUrl(BVID, 0, PlayUrlRequest.dash()),
                            () -> reactive.videos().getPlayUrl(BVID, 0, PlayUrlRequest.dash())),
                    pair(() -> bilibili.videos().getDanmakuSegment(AID, CID, 0),
                            () -> reactive.videos().getDanmakuSegment(AID, CID, 0)),
                    pair(() -> bilibili.videos().danmaku(AID, CID, -1), () -> reactive.videos().danmaku(AID, CID, -1)),
                    pair(() -> bilibili.videos().getSubtitles("BV1xx", CID),
                            () -> reactive.videos().getSubtitles("BV1xx", CID)),
                    pair(() -> bilibili.videos().getDanmakuXml(0), () -> reactive.videos().getDanmakuXml(0)),
                    pair(() -> bilibili.live().getDanmuInfo(0, null), () -> reactive.live().getDanmuInfo(0, null)),
                    pair(() -> bilibili.live().sendDanmaku(0, "hi"), () -> reactive.live().sendDanmaku(0, "hi")),
                    pair(() -> bilibili.live().sendDanmaku(1, " "), () -> reactive.live().sendDanmaku(1, " ")),
                    pair(() -> bilibili.live().sendDanmaku(1, "hi"), () -> reactive.live().sendDanmaku(1, "hi")),
                    pair(() -> bilibili.search().all(""), () -> reactive.search().all("")),
                    pair(() -> bilibili.search().users(" ", null), () -> reactive.search().users(" ", null)),
                    pair(() -> bilibili.spaces().relationStat(-1), () -> reactive.spaces().relationStat(-1)),
                    pair(() -> bilibili.spaces().uploads(0), () -> reactive.spaces().uploads(0)),
                    pair(() -> bilibili.favorites().folders(0), () -> reactive.favorites().folders(0)),
                    pair(() -> bilibili.favorites().items(0), () -> reactive.favorites().items(0)),
                    pair(() -> bilibili.comments().list(CommentType.VIDEO, -5, CommentSort.HOT),
                            () -> reactive.comments().list(CommentType.VIDEO, -5, CommentSort.HOT)),
                    pair(() -> bilibili.comments().post(CommentType.VIDEO, AID, " "),
                            () -> reactive.comments().post(CommentType.VIDEO, AID, " ")),
                    pair(() -> bilibili.comments().post(CommentType.VIDEO, AID, "hello"),
                            () -> reactive.comments().post(CommentType.VIDEO, AID, "hello")),
                    pair(() -> bilibili.comments().reply(CommentType.VIDEO, AID, 0, 1, "hello"),
                            () -> reactive.comments().reply(CommentType.VIDEO, AID, 0, 1, "hello")),
                    pair(() -> bilibili.dynamics().spaceFeed(0), () -> reactive.dynamics().spaceFeed(0)),
                    pair(() -> bilibili.login().logout(Credential.empty()),
                            () -> reactive.login().logout(Credential.empty())));
            for (ThrowingCallable[] p : pairs) {
                Throwable future = org.assertj.core.api.Assertions.catchThrowable(p[0]);
                Throwable mono = org.assertj.core.api.Assertions.catchThrowable(p[1]);
                assertThat(future).as("the CompletableFuture face throws from the call").isNotNull();
                assertThat(mono).as("the Reactor face throws like %s", future).isNotNull()
                        .hasSameClassAs(future);
                if (future instanceof IllegalArgumentException) {
                    assertThat(mono).hasMessage(future.getMessage());
                }
            }
            assertThat(env.server.totalRequests()).isEqualTo(before);

            Mono<?> notSubscribed = reactive.search().all("少年");
            assertThat(env.server.totalRequests()).isEqualTo(before);
            notSubscribed.block(Duration.ofSeconds(30));
            assertThat(env.server.totalRequests()).isGreaterThan(before);
        }
    }

    private static ThrowingCallable[] pair(ThrowingCallable future, ThrowingCallable mono) {
        return new ThrowingCallable[] {future, mono};
    }
}
