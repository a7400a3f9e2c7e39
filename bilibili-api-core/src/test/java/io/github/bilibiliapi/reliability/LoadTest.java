package io.github.bilibiliapi.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.api.RequestSettings;
import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.ClientSettings;
import io.github.bilibiliapi.test.FakeBilibiliServer;
import io.github.bilibiliapi.test.bilibili.BilibiliModule;
import io.github.bilibiliapi.test.bilibili.FakeBilibiliState;
import io.github.bilibiliapi.user.UserInfo;
import io.github.bilibiliapi.user.UserService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * 1,000 concurrent WBI-signed Api requests on a cold context, per backend: all complete correctly (each answer is the
 * user asked for, and the fake verified every signature and the buvid3 activation), with no deadlock, and the shared
 * caches fetch the WBI keys and activate buvid exactly once.
 */
class LoadTest {

    static final int CONCURRENT = 1_000;

    static Stream<String> backends() {
        return Reliability.backends();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aThousandConcurrentApiRequestsShareTheWbiAndBuvidCaches(String backend) throws Exception {
        try (FakeBilibiliServer server = FakeBilibiliServer.start()) {
            FakeBilibiliState state = server.module(BilibiliModule.class).state();
            Reliability.Snapshot before = Reliability.Snapshot.take();
            long start;
            long millis;
            try (BiliApiClient client = Reliability.newClient(backend,
                    ClientSettings.DEFAULTS.withTimeout(Duration.ofSeconds(60)))) {
                BiliContext context = BiliContext.builder().client(client)
                        .settings(RequestSettings.builder().redirectTo(server.httpBaseUrl()).build()).build();
                UserService users = new UserService(context);
                CountDownLatch go = new CountDownLatch(1);
                List<CompletableFuture<UserInfo>> calls = new ArrayList<>();
                // started from many threads at once so the cold caches see real contention
                List<Thread> starters = new ArrayList<>();
                List<List<CompletableFuture<UserInfo>>> perThread = new ArrayList<>();
                int threads = 8;
                for (int t = 0; t < threads; t++) {
                    List<CompletableFuture<UserInfo>> mine = java.util.Collections.synchronizedList(new ArrayList<>());
                    perThread.add(mine);
                    int offset = t;
                    Thread thread = new Thread(() -> {
                        try {
                            go.await();
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                        for (int i = offset; i < CONCURRENT; i += threads) {
                            mine.add(users.getUserInfo(i + 1));
                        }
                    }, "load-starter-" + t);
                    starters.add(thread);
                    thread.start();
                }
                start = System.nanoTime();
                go.countDown();
                for (Thread thread : starters) {
                    thread.join(TimeUnit.SECONDS.toMillis(60));
                    assertThat(thread.isAlive()).as("starter %s finished", thread.getName()).isFalse();
                }
                perThread.forEach(calls::addAll);
                assertThat(calls).hasSize(CONCURRENT);
                CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
                millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                List<Long> mids = calls.stream().map(CompletableFuture::join).map(UserInfo::mid).sorted().toList();
                assertThat(mids).hasSize(CONCURRENT).doesNotHaveDuplicates();
                assertThat(mids.get(0)).isEqualTo(1);
                assertThat(mids.get(CONCURRENT - 1)).isEqualTo(CONCURRENT);
                assertThat(state.navRequests()).as("nav requests (WBI keys)").isEqualTo(1);
                assertThat(state.spiRequests()).as("spi requests (buvid)").isEqualTo(1);
                assertThat(state.activationRequests()).as("buvid activations").isEqualTo(1);
                assertThat(state.signatureFailures()).as("rejected signatures").isZero();
            }
            System.out.printf("[reliability] %s %d concurrent Api calls: %d ms, 1 nav, 1 spi, 1 activation%n",
                    backend, CONCURRENT, millis);
            before.assertReleased(server, backend + " " + CONCURRENT + " concurrent Api calls");
        }
    }
}
