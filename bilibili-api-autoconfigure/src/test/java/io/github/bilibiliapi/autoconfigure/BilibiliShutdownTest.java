package io.github.bilibiliapi.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiRequest;
import io.github.bilibiliapi.test.FakeBilibiliServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Closing the context closes the client we created: no thread of ours is left running. */
class BilibiliShutdownTest {

    /**
     * Process-wide threads no client owns: the fake server's (lazily started), the JVM's, the assertion's, and OkHttp's
     * shared TaskRunner (idle threads of one JVM-wide pool that end on their own after 60 s) and Okio's AsyncTimeout
     * watchdog (one JVM-wide daemon thread that ends on its own when idle), Reactor's shared {@code Schedulers.parallel()}
     * (JVM-wide timers of {@code Mono.timeout}/{@code delay}, alive until {@code Schedulers.shutdownNow()}).
     */
    private static final List<String> NOT_OURS = List.of("OkHttp TaskRunner", "Okio Watchdog", "parallel-", "ForkJoinPool.commonPool",
            "CompletableFutureDelayScheduler", "awaitility", "process reaper", "Attach Listener");

    private static FakeBilibiliServer server;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BilibiliAutoConfiguration.class));

    @BeforeAll
    static void startFake() {
        server = FakeBilibiliServer.start();
    }

    @AfterAll
    static void stopFake() {
        server.close();
    }

    static Iterable<String> backends() {
        return TestBackends.all();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void closingTheContextLeavesNoThreadOfOursRunning(String backend) {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        runner.withPropertyValues("bilibili.request.backend=" + backend).run(context -> {
            BiliApiClient client = context.getBean(BiliApiClient.class);
            assertThat(client.backendName()).isEqualTo(backend);
            assertThat(client.request(BiliApiRequest.get(server.httpBaseUrl() + "/test/echo").build()).join().code())
                    .isEqualTo(200);
            BiliContext biliContext = context.getBean(BiliContext.class);
            int handle = biliContext.wsCreate(server.wsBaseUrl() + "/test/ws/echo", Map.of(), Map.of()).join();
            biliContext.wsSend(handle, new byte[] {1, 2, 3}).join();
            assertThat(biliContext.wsRecv(handle).join().data()).containsExactly(1, 2, 3);
            // a WebSocket left open: closing the context must drop it too
        });
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(300)).untilAsserted(() -> {
            // Java 17-20: a java.net.http.HttpClient cannot be closed; its selector thread ends once it is collected
            System.gc();
            assertThat(leaked(before)).isEmpty();
        });
    }

    private static List<String> leaked(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive())
                .map(Thread::getName)
                .filter(name -> !name.startsWith(server.threadNamePrefix()))
                .filter(name -> NOT_OURS.stream().noneMatch(name::startsWith))
                .sorted().collect(Collectors.toList());
    }
}
