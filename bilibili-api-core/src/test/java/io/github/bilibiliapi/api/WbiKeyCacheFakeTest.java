package io.github.bilibiliapi.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.test.Fault;
import io.github.bilibiliapi.test.bilibili.WbiKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The WBI key cache on its own, on every backend against the fake. */
class WbiKeyCacheFakeTest {

    private static final String NAV = "/x/web-interface/nav";

    static Stream<Named<Supplier<BiliApiClient>>> backends() {
        return Backends.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void keysAreReadOnceForConcurrentCallersAndKeptForTheirTtl(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            WbiKeyCache cache = new ContextParts(env, s -> s.wbiKeyTtl(Duration.ofMinutes(30)), Credential.empty(),
                    RequestPacing.none()).wbiKeys;
            List<SingleFlight.Slot<WbiKeyCache.WbiKeys>> slots = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                slots.add(cache.get(Map::of));
            }
            CompletableFuture.allOf(slots.stream().map(SingleFlight.Slot::future).toArray(CompletableFuture[]::new))
                    .join();
            WbiKeys site = env.state.currentWbiKeys();
            assertThat(slots).allSatisfy(s -> {
                assertThat(s.generation()).isEqualTo(slots.get(0).generation());
                assertThat(s.future().join().imgKey()).isEqualTo(site.imgKey());
                assertThat(s.future().join().subKey()).isEqualTo(site.subKey());
                assertThat(s.future().join().mixinKey()).isEqualTo(WbiSigner.mixinKey(site.imgKey(), site.subKey()));
            });
            assertThat(env.state.navRequests()).isEqualTo(1);

            env.clock.advance(Duration.ofMinutes(29));
            assertThat(cache.get(Map::of).generation()).isEqualTo(slots.get(0).generation());
            env.clock.advance(Duration.ofMinutes(2));
            SingleFlight.Slot<WbiKeyCache.WbiKeys> reread = cache.get(Map::of);
            reread.future().join();
            assertThat(reread.generation()).isGreaterThan(slots.get(0).generation());
            assertThat(env.state.navRequests()).isEqualTo(2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aRejectedGenerationIsDroppedOnceAndLaterReportsOfItAreIgnored(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            WbiKeyCache cache = new ContextParts(env).wbiKeys;
            long first = cache.get(Map::of).generation();
            cache.get(Map::of).future().join();
            env.state.rotateWbiKeys();
            cache.invalidate(first);
            SingleFlight.Slot<WbiKeyCache.WbiKeys> renewed = cache.get(Map::of);
            assertThat(renewed.future().join().imgKey()).isEqualTo(env.state.currentWbiKeys().imgKey());
            cache.invalidate(first); // a late report about the old keys
            assertThat(cache.get(Map::of).generation()).isEqualTo(renewed.generation());
            assertThat(env.state.navRequests()).isEqualTo(2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void navIsReadWithTheCallsCookiesButNotTheTicket(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            new ContextParts(env).wbiKeys.get(() -> Map.of("buvid3", "b3", "bili_ticket", "t", "bili_ticket_expires", "1"))
                    .future().join();
            assertThat(env.server.lastRequest(NAV).cookies()).containsEntry("buvid3", "b3")
                    .doesNotContainKeys("bili_ticket", "bili_ticket_expires");
            assertThat(env.server.lastRequest(NAV).header("Referer")).isEqualTo(ApiRequests.REFERER);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aFailedReadIsNotCached(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            env.server.script(NAV, Fault.respond(502));
            WbiKeyCache cache = new ContextParts(env).wbiKeys;
            assertThatThrownBy(() -> cache.get(Map::of).future().join()).isInstanceOf(CompletionException.class)
                    .cause().isInstanceOfSatisfying(NetworkException.class,
                            e -> assertThat(e.status()).isEqualTo(502));
            assertThat(cache.get(Map::of).future().join().imgKey()).isEqualTo(env.state.currentWbiKeys().imgKey());
            assertThat(env.server.requestCount(NAV)).isEqualTo(2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void learntKeysReplaceTheCachedOnesWithoutANavRead(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            WbiKeyCache cache = new ContextParts(env).wbiKeys;
            String img = "7cd084941338484aae1ad9425b84077c";
            String sub = "4932caff0ff746eab6f01bf08b70ac45";
            cache.learn(WbiKeys.URL_PREFIX + img + ".png", WbiKeys.URL_PREFIX + sub + ".png");
            WbiKeyCache.WbiKeys keys = cache.get(Map::of).future().join();
            assertThat(keys.imgKey()).isEqualTo(img);
            assertThat(keys.subKey()).isEqualTo(sub);
            assertThat(env.state.navRequests()).isZero();
            assertThatThrownBy(() -> cache.learn("https://i0.hdslb.com/bfs/wbi/", "x"))
                    .isInstanceOf(ResponseParseException.class);
        }
    }
}
