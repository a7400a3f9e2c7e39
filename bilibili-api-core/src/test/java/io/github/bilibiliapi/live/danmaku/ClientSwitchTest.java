package io.github.bilibiliapi.live.danmaku;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.bilibiliapi.api.Backends;
import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.api.RequestSettings;
import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiClientFactory;
import io.github.bilibiliapi.client.BiliApiClientProvider;
import io.github.bilibiliapi.client.BiliApiClients;
import io.github.bilibiliapi.client.BiliApiRequest;
import io.github.bilibiliapi.client.BiliApiResponse;
import io.github.bilibiliapi.client.BiliWsMessage;
import io.github.bilibiliapi.client.ClientSettings;
import io.github.bilibiliapi.live.LiveService;
import io.github.bilibiliapi.live.RoomInit;
import io.github.bilibiliapi.test.Fault;
import io.github.bilibiliapi.test.FakeBilibiliServer;
import io.github.bilibiliapi.test.live.LiveModule;
import io.github.bilibiliapi.test.live.LiveModule.Compression;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A registry switch while a call and a live room are running, on every backend and a user's own client: the running
 * call completes normally, the room keeps receiving on the replaced client, new calls and the room's reconnect go to
 * the new one, the replaced client closes once its socket is closed, and no thread of either client stays.
 */
class ClientSwitchTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final List<String> BACKENDS = List.of("okhttp", "webclient", "jdk",
            LiveDanmakuBackendsTest.USERS_OWN);
    /** Threads the clients of this test own (the JDK 17 HttpClient's selector ends only at GC: not listed). */
    private static final List<String> OWN_THREADS = List.of("bili-okhttp-", "bili-webclient-", "bili-jdk-",
            "users-own-ws", "bili-clients-");

    private FakeBilibiliServer server;
    private BiliApiClients registry;
    private final Map<String, List<Counting>> created = new ConcurrentHashMap<>();
    private final List<DanmakuEvent> events = new CopyOnWriteArrayList<>();

    /** @return each backend switched to the next one, so that each is once the old and once the new client */
    static Stream<Arguments> switches() {
        return BACKENDS.stream().map(from -> Arguments.of(from,
                BACKENDS.get((BACKENDS.indexOf(from) + 1) % BACKENDS.size())));
    }

    private BiliApiClientFactory factory(String backend) {
        BiliApiClientFactory real;
        if (backend.equals(LiveDanmakuBackendsTest.USERS_OWN)) {
            real = (settings, session) -> new UsersOwnClient(Backends.all()
                    .filter(n -> n.getName().startsWith("plain-jdk")).findFirst().orElseThrow().getPayload().get());
        } else {
            BiliApiClientProvider provider = ServiceLoader.load(BiliApiClientProvider.class).stream()
                    .map(ServiceLoader.Provider::get).filter(p -> p.name().equals(backend)).findFirst().orElseThrow();
            real = provider.factory();
        }
        return (settings, session) -> {
            Counting c = new Counting(real.create(settings, session));
            created.computeIfAbsent(backend, k -> new CopyOnWriteArrayList<>()).add(c);
            return c;
        };
    }

    @AfterEach
    void stop() {
        if (registry != null) {
            registry.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("switches")
    void aSwitchDrainsTheOldClientWhileTheRoomKeepsReceivingAndTheReconnectUsesTheNewOne(String from, String to)
            throws Exception {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        server = FakeBilibiliServer.start();
        LiveModule live = server.module(LiveModule.class);
        registry = BiliApiClients.empty();
        for (String b : BACKENDS) {
            registry.register(b, factory(b));
        }
        registry.select(from);
        BiliContext context = BiliContext.builder().clients(registry)
                .settings(RequestSettings.builder().redirectTo(server.httpBaseUrl()).build()).build();
        LiveService service = new LiveService(context);
        LiveDanmaku room = LiveDanmaku.builder(context, LiveModule.DEFAULT_SHORT_ID)
                .heartbeatInterval(Duration.ofMillis(200)).reconnectBackoff(Duration.ofMillis(50), Duration.ofMillis(200))
                .build();
        room.onAny(events::add);
        try {
            room.connect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            Counting old = created.get(from).get(0);
            assertThat(old.openSockets()).isEqualTo(1);

            // a call running on the old client when the switch happens
            server.script(LiveModule.ROOM_INIT, Fault.delay(Duration.ofMillis(800)));
            long initsBefore = server.requestCount(LiveModule.ROOM_INIT);
            CompletableFuture<RoomInit> running = service.getRoomInit(LiveModule.DEFAULT_SHORT_ID);
            await().atMost(WAIT).until(() -> server.requestCount(LiveModule.ROOM_INIT) == initsBefore + 1);

            registry.select(to);
            int oldRequests = old.requests.get();
            Counting fresh = created.get(to).get(0);

            // new calls go to the new client, with no rebuild of the context or the service
            assertThat(service.getRoomInit(LiveModule.DEFAULT_SHORT_ID).get(WAIT.toSeconds(), TimeUnit.SECONDS)
                    .roomId()).isEqualTo(LiveModule.DEFAULT_ROOM_ID);
            assertThat(fresh.requests.get()).isEqualTo(1);
            // the running call completed normally on the old client
            assertThat(running.get(WAIT.toSeconds(), TimeUnit.SECONDS).roomId()).isEqualTo(LiveModule.DEFAULT_ROOM_ID);

            // the room keeps receiving on the old client, which stays open for it
            live.broadcastMessages(Compression.NONE, List.of("{\"cmd\":\"STILL_HERE\"}"));
            await().atMost(WAIT).until(() -> count("STILL_HERE") == 1);
            assertThat(old.closed).isFalse();
            assertThat(registry.drainingClients()).isEqualTo(1);

            // the room's reconnect goes to the new client; then the old one has nothing left and closes
            live.dropAll();
            await().atMost(WAIT).until(() -> fresh.wsCreates.get() >= 1 && count(DanmakuEvent.VERIFICATION_SUCCESSFUL) >= 2);
            live.broadcastMessages(Compression.BROTLI, List.of("{\"cmd\":\"BACK\"}"));
            await().atMost(WAIT).until(() -> count("BACK") == 1);
            await().atMost(WAIT).until(() -> old.closed);
            assertThat(registry.drainingClients()).isZero();
            assertThat(old.requests.get()).as("nothing new went to the replaced client").isEqualTo(oldRequests);
            assertThat(old.wsCreates.get()).isEqualTo(1);
            assertThat(fresh.openSockets()).isEqualTo(1);
        } finally {
            room.disconnect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        registry.close();
        await().atMost(WAIT).until(() -> leaked(before).isEmpty());
        if (!usesJdkHttpClient(from) && !usesJdkHttpClient(to)) {
            // Java 17's HttpClient cannot be closed: its connections go at GC, so only the other pairs are counted
            await().atMost(WAIT).until(() -> server.openConnections() == 0);
        }
    }

    /**
     * What a switch costs: the time of {@code select()} (it builds the new client) and of the first call after it,
     * against a steady call, per backend. Prints the figures; asserts only that every call went to the selected
     * backend and that every replaced client closed.
     */
    @org.junit.jupiter.api.Test
    void whatASwitchCosts() throws Exception {
        server = FakeBilibiliServer.start();
        registry = BiliApiClients.empty();
        for (String b : BACKENDS) {
            registry.register(b, factory(b));
        }
        BiliContext context = BiliContext.builder().clients(registry)
                .settings(RequestSettings.builder().redirectTo(server.httpBaseUrl()).build()).build();
        LiveService service = new LiveService(context);
        int rounds = 20;
        StringBuilder report = new StringBuilder("switch cost (median of " + rounds + " rounds, microseconds):\n");
        for (String to : BACKENDS) {
            long[] select = new long[rounds];
            long[] first = new long[rounds];
            long[] steady = new long[rounds];
            for (int i = 0; i < rounds; i++) {
                String other = BACKENDS.get((BACKENDS.indexOf(to) + 1) % BACKENDS.size());
                registry.select(other);
                service.getRoomInit(LiveModule.DEFAULT_SHORT_ID).get(WAIT.toSeconds(), TimeUnit.SECONDS);
                long t0 = System.nanoTime();
                registry.select(to);
                long t1 = System.nanoTime();
                service.getRoomInit(LiveModule.DEFAULT_SHORT_ID).get(WAIT.toSeconds(), TimeUnit.SECONDS);
                long t2 = System.nanoTime();
                service.getRoomInit(LiveModule.DEFAULT_SHORT_ID).get(WAIT.toSeconds(), TimeUnit.SECONDS);
                long t3 = System.nanoTime();
                select[i] = (t1 - t0) / 1000;
                first[i] = (t2 - t1) / 1000;
                steady[i] = (t3 - t2) / 1000;
                List<Counting> all = created.get(to);
                assertThat(all.get(all.size() - 1).requests.get()).isEqualTo(2);
            }
            report.append(String.format("  %-18s select %6d   first call %6d   steady call %6d%n", to, median(select),
                    median(first), median(steady)));
        }
        System.out.println(report);
        await().atMost(WAIT).until(() -> registry.drainingClients() == 0);
        long closed = created.values().stream().flatMap(List::stream).filter(c -> c.closed).count();
        long total = created.values().stream().mapToLong(List::size).sum();
        assertThat(closed).as("every replaced client closed").isEqualTo(total - 1);
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        java.util.Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static boolean usesJdkHttpClient(String backend) {
        return backend.equals("jdk") || backend.equals(LiveDanmakuBackendsTest.USERS_OWN);
    }

    private long count(String type) {
        return events.stream().filter(e -> e.type().equals(type)).count();
    }

    private static List<String> leaked(Set<Thread> before) {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> !before.contains(t) && t.isAlive())
                .map(Thread::getName).filter(n -> OWN_THREADS.stream().anyMatch(n::startsWith)
                        || n.startsWith("bili-danmaku"))
                .collect(Collectors.toList());
    }

    /** Counts what reaches a real client and whether it was closed; delegates everything. */
    static final class Counting implements BiliApiClient {
        final BiliApiClient inner;
        final AtomicInteger requests = new AtomicInteger();
        final AtomicInteger wsCreates = new AtomicInteger();
        final Set<Integer> open = ConcurrentHashMap.newKeySet();
        volatile boolean closed;

        Counting(BiliApiClient inner) {
            this.inner = inner;
        }

        int openSockets() {
            return open.size();
        }

        @Override
        public Object getWrappedSession() {
            return inner.getWrappedSession();
        }

        @Override
        public void setTimeout(Duration timeout) {
            inner.setTimeout(timeout);
        }

        @Override
        public void setProxy(String proxy) {
            inner.setProxy(proxy);
        }

        @Override
        public void setVerifySsl(boolean verifySsl) {
            inner.setVerifySsl(verifySsl);
        }

        @Override
        public void setTrustEnv(boolean trustEnv) {
            inner.setTrustEnv(trustEnv);
        }

        @Override
        public void setMaxResponseBytes(int maxResponseBytes) {
            inner.setMaxResponseBytes(maxResponseBytes);
        }

        @Override
        public ClientSettings settings() {
            return inner.settings();
        }

        @Override
        public String backendName() {
            return inner.backendName();
        }

        @Override
        public CompletableFuture<BiliApiResponse> request(BiliApiRequest request) {
            requests.incrementAndGet();
            return inner.request(request);
        }

        @Override
        public CompletableFuture<Integer> wsCreate(String url, Map<String, String> params,
                Map<String, String> headers, Map<String, String> cookies) {
            wsCreates.incrementAndGet();
            return inner.wsCreate(url, params, headers, cookies).thenApply(h -> {
                open.add(h);
                return h;
            });
        }

        @Override
        public CompletableFuture<Void> wsSend(int handle, byte[] data) {
            return inner.wsSend(handle, data);
        }

        @Override
        public CompletableFuture<BiliWsMessage> wsRecv(int handle) {
            return inner.wsRecv(handle);
        }

        @Override
        public CompletableFuture<Void> wsClose(int handle) {
            return inner.wsClose(handle).whenComplete((v, e) -> open.remove(handle));
        }

        @Override
        public void close() {
            closed = true;
            inner.close();
        }
    }
}
