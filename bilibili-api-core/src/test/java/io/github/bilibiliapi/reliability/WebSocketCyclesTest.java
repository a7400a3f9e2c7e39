package io.github.bilibiliapi.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.ClientSettings;
import io.github.bilibiliapi.client.support.AbstractBiliApiClient;
import io.github.bilibiliapi.test.FakeBilibiliServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@value #DEFAULT_CYCLES} WebSocket open/close cycles per backend (settable with {@code -Dbili.reliability.wsCycles}),
 * {@value #PARALLELISM} at a time: every handle is freed (the table is empty) and the open file descriptors return to
 * the count before the loop, with the client still open; after {@code close()} nothing is left.
 */
class WebSocketCyclesTest {

    static final int DEFAULT_CYCLES = 10_000;
    static final int PARALLELISM = 4;

    static Stream<String> backends() {
        return Reliability.backends();
    }

    static int cycles() {
        return Integer.getInteger("bili.reliability.wsCycles", DEFAULT_CYCLES);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void tenThousandOpenCloseCyclesLeaveNoHandleAndNoDescriptor(String backend) throws Exception {
        int cycles = cycles();
        try (FakeBilibiliServer server = FakeBilibiliServer.start()) {
            String url = server.wsBaseUrl() + "/test/ws/echo";
            Reliability.Snapshot beforeClient = Reliability.Snapshot.take();
            BiliApiClient client = Reliability.newClient(backend, ClientSettings.DEFAULTS);
            AbstractBiliApiClient<?> base = (AbstractBiliApiClient<?>) client;
            try {
                // warm-up: classes, the client's threads and pools exist before the descriptors are counted
                for (int i = 0; i < 20; i++) {
                    int h = client.wsCreate(url, Map.of(), Map.of(), Map.of()).get(30, TimeUnit.SECONDS);
                    client.wsClose(h).get(30, TimeUnit.SECONDS);
                }
                Reliability.awaitServerIdle(server);
                int fdsBefore = Reliability.openFds();
                ExecutorService pool = Executors.newFixedThreadPool(PARALLELISM);
                AtomicInteger done = new AtomicInteger();
                long start = System.nanoTime();
                try {
                    List<Future<?>> workers = new ArrayList<>();
                    for (int w = 0; w < PARALLELISM; w++) {
                        int share = cycles / PARALLELISM + (w < cycles % PARALLELISM ? 1 : 0);
                        workers.add(pool.submit(() -> {
                            for (int i = 0; i < share; i++) {
                                int h = client.wsCreate(url, Map.of(), Map.of(), Map.of()).get(30, TimeUnit.SECONDS);
                                client.wsClose(h).get(30, TimeUnit.SECONDS);
                                done.incrementAndGet();
                            }
                            return null;
                        }));
                    }
                    for (Future<?> f : workers) {
                        f.get(10, TimeUnit.MINUTES);
                    }
                } finally {
                    pool.shutdownNow();
                    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
                }
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertThat(done.get()).isEqualTo(cycles);
                assertThat(base.openWebSockets()).as("handle table").isZero();
                Reliability.awaitServerIdle(server);
                await().atMost(Reliability.WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    System.gc();
                    assertThat(Reliability.openFds()).as("open fds with the client still open")
                            .isLessThanOrEqualTo(fdsBefore);
                });
                System.out.printf("[reliability] %s %d WebSocket open/close cycles (parallelism %d): %d ms, "
                        + "fds %d -> %d%n", backend, cycles, PARALLELISM, millis, fdsBefore, Reliability.openFds());
            } finally {
                client.close();
            }
            beforeClient.assertReleased(server, backend + " " + cycles + " WebSocket cycles, client closed");
        }
    }
}
