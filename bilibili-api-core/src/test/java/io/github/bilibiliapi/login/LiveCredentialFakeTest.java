package io.github.bilibiliapi.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.bilibiliapi.api.Api;
import io.github.bilibiliapi.api.Backends;
import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.api.Credential;
import io.github.bilibiliapi.api.FakeEnv;
import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.live.danmaku.DanmakuEvent;
import io.github.bilibiliapi.live.danmaku.LiveDanmaku;
import io.github.bilibiliapi.test.bilibili.PassportModule;
import io.github.bilibiliapi.test.bilibili.PassportState;
import io.github.bilibiliapi.test.bilibili.PassportState.Login;
import io.github.bilibiliapi.test.live.LiveModule;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** A context and a running live room pick up a refreshed credential from the store without being rebuilt. */
class LiveCredentialFakeTest {

    /** The backends with WebSockets (the plain user client of the Api tests has none). */
    static Stream<Named<Supplier<BiliApiClient>>> backends() {
        return Backends.all().filter(n -> !n.getName().startsWith("plain-jdk"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void contextAndLiveRoomUseTheRefreshedCredential(Supplier<BiliApiClient> backend) throws Exception {
        try (FakeEnv env = new FakeEnv(backend)) {
            PassportState passport = env.server.module(PassportModule.class).passport();
            Login first = passport.login(1001);
            InMemoryCredentialStore store = new InMemoryCredentialStore(CredentialRefresherFakeTest.credentialOf(first)
                    .toBuilder().buvid3(null).build());
            BiliContext context = env.contextBuilder(s -> { }).credentials(store).build();
            LiveModule live = env.server.module(LiveModule.class);

            List<DanmakuEvent> events = new CopyOnWriteArrayList<>();
            LiveDanmaku room = LiveDanmaku.builder(context, LiveModule.DEFAULT_SHORT_ID)
                    .reconnectBackoff(Duration.ofMillis(10), Duration.ofMillis(50)).build();
            room.onAny(events::add);
            try {
                room.connect().get(30, java.util.concurrent.TimeUnit.SECONDS);
                assertThat(live.lastAuth().path("uid").asLong()).isEqualTo(1001);
                assertThat(env.server.lastRequest(LiveModule.SUB).cookies()).containsEntry("SESSDATA",
                        first.sessdata());

                // a refresh replaces the store's credential; nobody rebuilds anything
                CredentialRefresher refresher = CredentialRefresher.builder(context, store)
                        .publicKeyPem(passport.publicKeyPem()).build();
                Credential fresh = refresher.refresh().join().credential();
                assertThat(passport.isLoggedIn(first.sessdata())).isFalse();
                long mid = context.execute(Api.get("https://api.bilibili.com/x/web-interface/nav").build()).join()
                        .data().path("mid").asLong();
                assertThat(mid).isEqualTo(1001);
                assertThat(env.server.lastRequest("/x/web-interface/nav").cookies())
                        .containsEntry("SESSDATA", fresh.sessdata());

                // the room re-authenticates with the refreshed login on its next reconnect: a new token fetched
                // with the new cookies (the old token was tied to the old login), no refused auth on the way
                long infosBefore = live.danmuInfoRequests();
                live.dropAll();
                await().atMost(Duration.ofSeconds(20)).until(() -> verified(events) >= 2);
                assertThat(live.danmuInfoRequests()).isGreaterThan(infosBefore);
                assertThat(env.server.lastRequest(LiveModule.DANMU_INFO).cookies()).containsEntry("SESSDATA",
                        fresh.sessdata());
                assertThat(live.lastAuth().path("uid").asLong()).isEqualTo(1001);
                assertThat(env.server.lastRequest(LiveModule.SUB).cookies()).containsEntry("SESSDATA",
                        fresh.sessdata());
                assertThat(live.authFailures()).isZero();

                // another account logs in (its credential without DedeUserID: the uid comes from nav, asked with
                // that account's cookies); the room follows on its next reconnect
                Login other = passport.login(2002);
                store.save(CredentialRefresherFakeTest.credentialOf(other).toBuilder().dedeuserid(null)
                        .buvid3(null).build());
                live.dropAll();
                await().atMost(Duration.ofSeconds(20)).until(() -> verified(events) >= 3);
                assertThat(live.lastAuth().path("uid").asLong()).isEqualTo(2002);
                assertThat(env.server.lastRequest(LiveModule.DANMU_INFO).cookies()).containsEntry("SESSDATA",
                        other.sessdata());
                assertThat(env.server.lastRequest(LiveModule.SUB).cookies()).containsEntry("SESSDATA",
                        other.sessdata());
                assertThat(live.loggedInSessions()).isEqualTo(1);
                assertThat(live.authFailures()).isZero();
            } finally {
                room.disconnect().get(20, java.util.concurrent.TimeUnit.SECONDS);
            }
        }
    }

    private static long verified(List<DanmakuEvent> events) {
        return events.stream().filter(e -> e.type().equals(DanmakuEvent.VERIFICATION_SUCCESSFUL)).count();
    }
}
