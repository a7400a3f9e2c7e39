package io.github.bilibiliapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import io.github.bilibiliapi.client.support.AbstractBiliApiClient;
import io.github.bilibiliapi.client.support.Exchange;
import org.junit.jupiter.api.Test;

class BiliApiClientsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    /** A user's client that does not extend the library's base class (no {@code setMaxResponseBytes}). */
    static final class Delegating implements BiliApiClient {
        private final BiliApiClient inner;

        Delegating(BiliApiClient inner) {
            this.inner = inner;
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
        public ClientSettings settings() {
            return inner.settings();
        }

        @Override
        public CompletableFuture<BiliApiResponse> request(BiliApiRequest request) {
            return inner.request(request);
        }

        @Override
        public CompletableFuture<Integer> wsCreate(String url, Map<String, String> params,
                Map<String, String> headers, Map<String, String> cookies) {
            return inner.wsCreate(url, params, headers, cookies);
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
            return inner.wsClose(handle);
        }

        @Override
        public void close() {
            inner.close();
        }
    }

    /** A backend that records what the registry does to it; it does no I/O. */
    static final class Recording extends AbstractBiliApiClient<AbstractBiliApiClient.WsConnection> {
        final Object session;
        final List<ClientSettings> applied = new ArrayList<>();
        volatile boolean closed;

        Recording(ClientSettings settings, Object session) {
            super("recording", settings, session);
            this.session = session;
        }

        @Override
        public Object getWrappedSession() {
            return session;
        }

        @Override
        protected void applySettings(ClientSettings next, ClientSettings previous, boolean leavingUserSession) {
            applied.add(next);
        }

        /** Requests stay pending until the test completes them. */
        final List<CompletableFuture<BiliApiResponse>> pending = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Override
        protected void send(Exchange exchange) {
            CompletableFuture<BiliApiResponse> f = new CompletableFuture<>();
            pending.add(f);
            f.whenComplete((r, error) -> {
                if (error != null) {
                    exchange.fail(error);
                } else {
                    exchange.head(r.code(), r.headers());
                    exchange.body(r.raw(), 0, r.raw().length);
                    exchange.complete();
                }
            });
        }

        @Override
        protected CompletableFuture<WsConnection> openWebSocket(URI uri, Map<String, String> headers) {
            throw new UnsupportedOperationException();
        }

        @Override
        protected void closeResources() {
            closed = true;
        }
    }

    /** Accepts only String sessions, like a backend accepting only its library's session type. */
    static final class Factory implements BiliApiClientFactory {
        final AtomicInteger created = new AtomicInteger();
        final List<Recording> clients = new java.util.concurrent.CopyOnWriteArrayList<>();

        Recording last() {
            return clients.get(clients.size() - 1);
        }

        @Override
        public BiliApiClient create(ClientSettings settings, Object session) {
            if (session != null && !(session instanceof String)) {
                throw new IllegalArgumentException("accepts java.lang.String sessions, got "
                        + session.getClass().getName());
            }
            created.incrementAndGet();
            Recording r = new Recording(settings, session);
            clients.add(r);
            return r;
        }
    }

    @Test
    void registerSelectUnregister() {
        BiliApiClients registry = BiliApiClients.empty();
        assertThat(registry.selected()).isNull();
        assertThatThrownBy(registry::get).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("No bilibili-api client backend");

        Factory a = new Factory();
        Factory b = new Factory();
        registry.register("a", a).register("b", b);
        assertThat(registry.registered()).containsExactly("a", "b");
        registry.select("b");
        assertThat(registry.selected()).isEqualTo("b");
        registry.get();
        assertThat(b.created).hasValue(1);
        assertThat(a.created).hasValue(0);

        Recording current = b.last();
        registry.unregister("b");
        await().atMost(WAIT).until(() -> current.closed);
        assertThat(registry.registered()).containsExactly("a");
        assertThat(registry.selected()).isEqualTo("a");
        assertThat(a.created).as("the fallback is built at once").hasValue(1);
        registry.unregister("a");
        assertThat(registry.selected()).isNull();
        await().atMost(WAIT).until(() -> a.last().closed);
    }

    @Test
    void unknownNamesListTheRegisteredOnes() {
        BiliApiClients registry = BiliApiClients.empty().register("apache", new Factory())
                .register("mine", new Factory());
        assertThatThrownBy(() -> registry.select("curl")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("curl").hasMessageContaining("apache").hasMessageContaining("mine");
        assertThatThrownBy(() -> registry.unregister("curl")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[apache, mine]");
        assertThatThrownBy(() -> registry.register(" ", new Factory())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> registry.register("x", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void getIsLazyAndShared() throws Exception {
        Factory factory = new Factory();
        BiliApiClients registry = BiliApiClients.empty().register("r", factory).select("r");
        assertThat(factory.created).as("select builds the client at once, so that a misfit fails there")
                .hasValue(1);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<BiliApiClient>> all = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                all.add(pool.submit(registry::get));
            }
            BiliApiClient first = all.get(0).get(10, TimeUnit.SECONDS);
            for (Future<BiliApiClient> f : all) {
                assertThat(f.get(10, TimeUnit.SECONDS)).isSameAs(first);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(factory.created).hasValue(1);
        assertThat(registry.getSession()).isNull();
    }

    @Test
    void reRegisteringTheSelectedNameReplacesTheClient() {
        Factory first = new Factory();
        BiliApiClients registry = BiliApiClients.empty().register("r", first).select("r");
        Recording old = first.last();
        Factory second = new Factory();
        registry.register("r", second);
        await().atMost(WAIT).until(() -> old.closed);
        registry.get();
        assertThat(second.created).hasValue(1);
    }

    @Test
    void setSessionWithAFittingSessionWrapsItAsItIs() {
        Factory factory = new Factory();
        BiliApiClients registry = BiliApiClients.empty().register("r", factory).select("r");
        Recording before = factory.last();
        registry.setSession("my session");
        await().atMost(WAIT).until(() -> before.closed);
        assertThat(registry.getSession()).isEqualTo("my session");
        Recording now = factory.last();
        assertThat(now).isNotSameAs(before);
        assertThat(now.applied).as("used as it is: no setter called yet").isEmpty();

        registry.setSession(null);
        await().atMost(WAIT).until(() -> now.closed);
        assertThat(registry.getSession()).isNull();
    }

    @Test
    void setSessionWithANonFittingSessionFailsAndKeepsTheCurrentClient() {
        Factory factory = new Factory();
        BiliApiClients registry = BiliApiClients.empty().register("r", factory).select("r");
        registry.setSession("kept");
        Recording current = factory.last();
        await().atMost(WAIT).until(() -> registry.drainingClients() == 0);
        assertThatThrownBy(() -> registry.setSession(42)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.String").hasMessageContaining("java.lang.Integer");
        assertThat(factory.last()).isSameAs(current);
        assertThat(registry.getSession()).isEqualTo("kept");
        assertThat(current.closed).isFalse();
        assertThat(registry.drainingClients()).isZero();
    }

    @Test
    void selectingABackendTheSessionDoesNotFitFailsAtOnceAndChangesNothing() {
        Factory strings = new Factory();
        BiliApiClients registry = BiliApiClients.empty().register("strings", strings)
                .register("ints", (settings, session) -> {
                    if (session != null && !(session instanceof Integer)) {
                        throw new IllegalArgumentException("accepts java.lang.Integer");
                    }
                    return new Recording(settings, session);
                }).select("strings");
        registry.setSession("a string").setTimeout(Duration.ofSeconds(7));
        Recording live = strings.last();
        await().atMost(WAIT).until(() -> registry.drainingClients() == 0); // the client setSession replaced
        String before = registry.toString();
        assertThatThrownBy(() -> registry.select("ints")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Integer");
        assertThat(registry.selected()).isEqualTo("strings");
        assertThat(registry.getSession()).isEqualTo("a string");
        assertThat(registry.settings().timeout()).isEqualTo(Duration.ofSeconds(7));
        assertThat(strings.last()).isSameAs(live);
        assertThat(live.closed).isFalse();
        assertThat(registry.toString()).isEqualTo(before);
    }

    @Test
    void failedRegisterAndUnregisterLeaveTheRegistryAsItWas() {
        Factory good = new Factory();
        BiliApiClientFactory broken = (settings, session) -> {
            throw new IllegalStateException("cannot build");
        };
        BiliApiClients registry = BiliApiClients.empty().register("good", good).register("other", broken)
                .select("good");
        registry.get();
        Recording live = good.last();
        // replacing the selected backend's factory by one that fails
        assertThatThrownBy(() -> registry.register("good", broken)).hasMessageContaining("cannot build");
        // removing the selected backend when the fallback cannot be built
        assertThatThrownBy(() -> registry.unregister("good")).hasMessageContaining("cannot build");
        assertThat(registry.registered()).containsExactly("good", "other");
        assertThat(registry.selected()).isEqualTo("good");
        assertThat(live.closed).isFalse();
        registry.get().request(BiliApiRequest.get("https://api.bilibili.com/x").build());
        assertThat(live.pending).as("the live client still serves, from the same factory").hasSize(1);
        assertThat(good.created).hasValue(1);
        // a non-selected one goes without building anything
        registry.unregister("other");
        assertThat(registry.registered()).containsExactly("good");
    }

    @Test
    void settingsReachTheLiveClientAndNewClients() {
        Factory factory = new Factory();
        BiliApiClients registry = BiliApiClients.empty().register("r", factory).select("r");
        Recording live = factory.last();
        registry.setTimeout(Duration.ofSeconds(3)).setProxy("http://127.0.0.1:3128").setVerifySsl(false)
                .setTrustEnv(false).setMaxResponseBytes(4096);
        ClientSettings expected = new ClientSettings("http://127.0.0.1:3128", Duration.ofSeconds(3), false, false,
                4096);
        assertThat(registry.settings()).isEqualTo(expected);
        assertThat(live.settings()).isEqualTo(expected);
        assertThat(live.applied).hasSize(5).last().isEqualTo(expected);

        registry.unregister("r").register("r", new Factory()).select("r");
        assertThat(registry.get().settings()).isEqualTo(expected);
        assertThatThrownBy(() -> registry.setProxy("gopher://x")).isInstanceOf(IllegalArgumentException.class);
        assertThat(registry.settings().proxy()).isEqualTo("http://127.0.0.1:3128");
    }

    @Test
    void settingsSetOnTheRegistryAreInForceOnAClientBuiltAroundALaterSession() {
        Factory factory = new Factory();
        BiliApiClients registry = BiliApiClients.empty().register("r", factory).select("r");
        registry.setTimeout(Duration.ofSeconds(4));
        registry.setSession("user's");
        Recording withSession = factory.last();
        // the session is used as it is only until a setter was called, and one was
        assertThat(withSession.applied).isNotEmpty();
        assertThat(withSession.settings().timeout()).isEqualTo(Duration.ofSeconds(4));
        registry.register("r", factory); // rebuilt: still in force
        assertThat(factory.last()).isNotSameAs(withSession);
        assertThat(factory.last().applied).isNotEmpty();
    }

    @Test
    void timeoutZeroMeansNoDeadlineAndNegativeIsRefusedWithoutChangingAnything() {
        Factory factory = new Factory();
        BiliApiClients registry = BiliApiClients.empty().register("r", factory).select("r");
        registry.setTimeout(Duration.ZERO);
        assertThat(registry.settings().hasTimeout()).isFalse();
        assertThat(factory.last().settings().timeout()).isZero();
        assertThatThrownBy(() -> registry.setTimeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
        assertThatThrownBy(() -> registry.setMaxResponseBytes(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxResponseBytes");
        assertThat(registry.settings().timeout()).isZero();
        assertThat(registry.settings().maxResponseBytes()).isEqualTo(ClientSettings.DEFAULT_MAX_RESPONSE_BYTES);
        assertThatThrownBy(() -> registry.setDrainTimeout(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(registry.drainTimeout()).isEqualTo(BiliApiClients.DEFAULT_DRAIN_TIMEOUT);
    }

    @Test
    void aClientThatCannotChangeItsCapInPlaceIsReplacedByOneBuiltWithIt() {
        List<ClientSettings> built = new ArrayList<>();
        BiliApiClients registry = BiliApiClients.empty().register("own", (settings, session) -> {
            built.add(settings);
            BiliApiClient inner = new Recording(settings, session);
            return new Delegating(inner); // a user's client: no setMaxResponseBytes
        }).select("own");
        registry.setMaxResponseBytes(1234);
        assertThat(built).hasSize(2);
        assertThat(built.get(1).maxResponseBytes()).isEqualTo(1234);
        assertThat(registry.get().settings().maxResponseBytes()).isEqualTo(1234);
    }

    @Test
    void closingTheClientGetReturnsDoesNotCloseTheSharedClient() {
        Factory factory = new Factory();
        BiliApiClients registry = BiliApiClients.empty().register("r", factory).select("r");
        try (BiliApiClient c = registry.get()) {
            assertThat(c.backendName()).isEqualTo("recording");
        }
        assertThat(factory.last().closed).isFalse();
        registry.get().request(BiliApiRequest.get("https://api.bilibili.com/x").build());
        assertThat(factory.last().pending).hasSize(1);
        assertThat(factory.created).hasValue(1);
    }

    @Test
    void aSwitchDrainsTheReplacedClientAndRoutesNewCallsToTheNewOne() throws Exception {
        Factory a = new Factory();
        Factory b = new Factory();
        BiliApiClients registry = BiliApiClients.empty().register("a", a).register("b", b).select("a");
        BiliApiClient client = registry.get();
        CompletableFuture<BiliApiResponse> running = client.request(BiliApiRequest.get("https://api.bilibili.com/x")
                .build());
        Recording old = a.last();

        registry.select("b");
        client.request(BiliApiRequest.get("https://api.bilibili.com/y").build());
        assertThat(b.last().pending).as("the next call goes to the new client").hasSize(1);
        assertThat(old.pending).hasSize(1);
        assertThat(old.closed).as("a running call keeps the replaced client open").isFalse();
        assertThat(registry.drainingClients()).isEqualTo(1);

        old.pending.get(0).complete(new BiliApiResponse(200, Map.of(), Map.of(), new byte[0], "x"));
        assertThat(running.get(10, TimeUnit.SECONDS).code()).as("the running call completed normally").isEqualTo(200);
        await().atMost(WAIT).until(() -> old.closed);
        assertThat(registry.drainingClients()).isZero();
        assertThat(b.last().closed).isFalse();
        registry.close();
        assertThat(b.last().closed).isTrue();
    }

    @Test
    void theDrainIsBoundedAndNoThreadStays() {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        Factory a = new Factory();
        BiliApiClients registry = BiliApiClients.empty().register("a", a).register("b", new Factory()).select("a")
                .setDrainTimeout(Duration.ofMillis(200));
        registry.get().request(BiliApiRequest.get("https://api.bilibili.com/x").build()); // never completes
        Recording old = a.last();
        registry.select("b");
        assertThat(old.closed).isFalse();
        await().atMost(WAIT).until(() -> old.closed);
        assertThat(registry.drainingClients()).isZero();
        registry.close();
        await().atMost(WAIT).until(() -> Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive())
                .noneMatch(t -> t.getName().startsWith("bili-clients-")));
    }

    @Test
    void closingTheRegistryClosesDrainingClientsAtOnce() {
        Factory a = new Factory();
        BiliApiClients registry = BiliApiClients.empty().register("a", a).register("b", new Factory()).select("a");
        registry.get().request(BiliApiRequest.get("https://api.bilibili.com/x").build());
        Recording old = a.last();
        registry.select("b");
        registry.close();
        assertThat(old.closed).isTrue();
        assertThatThrownBy(() -> registry.get().request(BiliApiRequest.get("https://api.bilibili.com/x").build()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }

    @Test
    void closeClosesTheClientAndTheRegistry() {
        Factory factory = new Factory();
        BiliApiClients registry = BiliApiClients.empty().register("r", factory).select("r");
        registry.get();
        Recording live = factory.last();
        registry.close();
        registry.close();
        assertThat(live.closed).isTrue();
        assertThatThrownBy(registry::get).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> registry.select("r")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> registry.setSession("s")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void serviceLoaderFindsTheBuiltInBackendsAndPrefersOkHttp() {
        try (BiliApiClients registry = BiliApiClients.create()) {
            assertThat(registry.registered()).contains("okhttp");
            assertThat(registry.selected()).isEqualTo("okhttp");
            assertThat(registry.get().backendName()).isEqualTo("okhttp");
            assertThat(registry.getSession().getClass().getName()).isEqualTo("okhttp3.OkHttpClient");
        }
    }

    @Test
    void toStringShowsNoSecrets() {
        BiliApiClients registry = BiliApiClients.empty().register("r", new Factory()).select("r")
                .setProxy("http://user:hunter2@h:1");
        assertThat(registry.toString()).doesNotContain("hunter2").contains("r");
    }
}
