package io.github.bilibiliapi.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiClientProvider;
import io.github.bilibiliapi.client.ClientSettings;
import io.github.bilibiliapi.test.FakeBilibiliServer;
import java.io.File;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Shared pieces of the reliability suite: the three backends by registry name, and resource snapshots (open file
 * descriptors from {@code /proc/self/fd}, live thread names, used heap) taken before and after a scenario.
 */
final class Reliability {

    /** Every backend the suite runs on; a missing provider fails the test instead of skipping. */
    static final List<String> BACKENDS = List.of("okhttp", "webclient", "jdk");

    /**
     * Threads that are process-wide and owned by no client: the fake server's, the JVM's, Awaitility's poller,
     * library-global timers (OkHttp's TaskRunner and Okio's Watchdog linger up to 60 s idle by design; Reactor's shared
     * schedulers).
     */
    private static final List<String> SHARED_THREAD_PREFIXES = List.of("fake-bili-", "awaitility",
            "ForkJoinPool.commonPool", "CompletableFutureDelayScheduler", "process reaper", "Attach Listener",
            "OkHttp TaskRunner", "Okio Watchdog", "parallel-", "boundedElastic-", "Common-Cleaner", "JFR", "surefire",
            "Notification Thread", "Signal Dispatcher", "Reference Handler", "Finalizer", "main");

    private Reliability() {
    }

    static Stream<String> backends() {
        return BACKENDS.stream();
    }

    /** How long resources may take to be released. */
    static final Duration WAIT = Duration.ofSeconds(15);

    /**
     * Waits until the fake sees no open connection. Polls with GC hints: on Java 17 a closed jdk-backend client's
     * pooled connections and selector thread are released when its {@code HttpClient} is collected (Java 21+ shuts
     * it down at once).
     */
    static void awaitServerIdle(FakeBilibiliServer server) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
            System.gc();
            assertThat(server.openConnections()).as("connections open on the server").isZero();
        });
    }

    /** A client of the named backend through its {@link BiliApiClientProvider}, as the registry would make it. */
    static BiliApiClient newClient(String backend, ClientSettings settings) {
        for (BiliApiClientProvider p : ServiceLoader.load(BiliApiClientProvider.class)) {
            if (p.name().equals(backend)) {
                assertThat(p.isAvailable(Reliability.class.getClassLoader())).as("%s available", backend).isTrue();
                return p.factory().create(settings, null);
            }
        }
        throw new AssertionError("no provider named " + backend + " on the test classpath");
    }

    /** Open file descriptors of this JVM (Linux: entries of /proc/self/fd), or -1 where that is not available. */
    static int openFds() {
        String[] fds = new File("/proc/self/fd").list();
        return fds == null ? -1 : fds.length;
    }

    /** Names of live threads. */
    static Set<String> liveThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** Used heap after a few GC hints (a leak check with generous bounds, not a measurement). */
    static long usedHeapAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /** What a scenario is measured against. */
    record Snapshot(int fds, Set<String> threads, long heap) {

        static Snapshot take() {
            long heap = usedHeapAfterGc();
            return new Snapshot(openFds(), liveThreads(), heap);
        }

        /** Threads alive now that were not before and belong to no process-wide pool. */
        List<String> newThreads() {
            List<String> out = new ArrayList<>();
            for (String name : Reliability.liveThreads()) {
                if (!threads.contains(name) && SHARED_THREAD_PREFIXES.stream().noneMatch(name::startsWith)) {
                    out.add(name);
                }
            }
            return out;
        }

        /**
         * Waits until everything a scenario opened is released: the server sees no open connection, no new thread
         * of a client is alive, and the open file descriptors are back to (at most) the count before.
         *
         * @param server the fake
         * @param label  what ran, for the printed numbers
         */
        void assertReleased(FakeBilibiliServer server, String label) {
            awaitServerIdle(server);
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                System.gc();
                assertThat(newThreads()).as("threads left behind").isEmpty();
            });
            if (fds >= 0) {
                await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                    System.gc();
                    assertThat(openFds()).as("open file descriptors").isLessThanOrEqualTo(fds);
                });
            }
            System.out.printf("[reliability] %s: fds %d -> %d, threads %d -> %d%n", label, fds, openFds(),
                    threads.size(), Reliability.liveThreads().size());
        }
    }
}
