package io.github.bilibiliapi.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.search.SearchService;
import io.github.bilibiliapi.space.SpaceService;
import io.github.bilibiliapi.test.RecordedRequest;
import io.github.bilibiliapi.test.bilibili.CommunityModule;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Per-host pacing and the w_webid cache, on every backend. */
class PacingAndWebIdFakeTest {

    static Stream<Named<Supplier<BiliApiClient>>> backends() {
        return Backends.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void pacingSpacesRequestsToOneHostEvenWhenIssuedTogether(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            Duration interval = Duration.ofMillis(120);
            BiliContext ctx = env.contextBuilder(s -> { }).pacing(RequestPacing.minInterval(interval)).build();
            SearchService search = new SearchService(ctx);
            search.videos("warm").firstPage().join(); // buvid, nav: paced too
            String path = "/x/web-interface/wbi/search/type";
            long start = System.nanoTime();
            List<CompletableFuture<?>> calls = IntStream.rangeClosed(1, 4)
                    .mapToObj(i -> search.videos("k" + i).firstPage()).<CompletableFuture<?>>map(f -> f).toList();
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).join();
            // each call reserves its slot after start; the 4th slot is at least 3 intervals after the first, which
            // is at or after start: a lower bound that no scheduling delay can break (arrival gaps on the server
            // can shrink by network jitter, so they are not asserted one by one)
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(interval.multipliedBy(3));
            assertThat(env.server.requests(path)).hasSize(5);
            List<Instant> arrivals = env.server.requests(path).stream().map(RecordedRequest::receivedAt).sorted()
                    .toList();
            assertThat(Duration.between(arrivals.get(1), arrivals.get(4))).isPositive();
        }
    }

    @Test
    void pacingReservesOneSlotPerIntervalAndHost() {
        RequestPacing pacing = RequestPacing.minInterval(Duration.ofSeconds(1));
        assertThat(pacing.reserve("a")).isZero();
        long second = pacing.reserve("a");
        assertThat(second).isBetween(Duration.ofMillis(900).toNanos(), Duration.ofSeconds(1).toNanos());
        assertThat(pacing.reserve("a")).isGreaterThan(second);
        assertThat(pacing.reserve("b")).as("other hosts are not held up").isZero();
        assertThat(RequestPacing.none().enabled()).isFalse();
        assertThat(RequestPacing.minInterval(Duration.ZERO)).isSameAs(RequestPacing.none());
        assertThatThrownBy(() -> RequestPacing.minInterval(Duration.ofMillis(-1)))
                .hasMessageContaining("minInterval");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void wWebidIsCachedPerMidUntilItsJwtExpires(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            CommunityModule community = env.server.module(CommunityModule.class);
            SpaceService space = new SpaceService(env.context());
            space.uploads(1).firstPage().join();
            space.uploads(1).from(io.github.bilibiliapi.paging.PageCursor.page(2)).firstPage().join();
            space.uploads(2).firstPage().join();
            assertThat(community.spacePageRequests()).as("one page per mid").isEqualTo(2);
            RecordedRequest page = env.server.lastRequest("/2/dynamic");
            assertThat(page.header("referer")).startsWith("https://www.bilibili.com");
            assertThat(page.cookies()).containsKey("buvid3");

            env.clock.advance(Duration.ofHours(25)); // the fake's access_id lives 24 h (iat + ttl)
            space.uploads(1).firstPage().join();
            assertThat(community.spacePageRequests()).isEqualTo(3);

            Api plain = Api.get("https://api.bilibili.com/x/space/wbi/arc/search").param("mid", 1).wbi(true)
                    .build();
            assertThat(plain.wWebid()).isZero();
            assertThatThrownBy(() -> Api.get("https://api.bilibili.com/x").wWebid(-1))
                    .hasMessageContaining("spaceMid");
        }
    }
}
