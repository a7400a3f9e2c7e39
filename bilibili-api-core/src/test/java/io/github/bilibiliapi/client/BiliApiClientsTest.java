package io.github.bilibiliapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import io.github.bilibiliapi.client.support.AbstractBiliApiClient;
import org.junit.jupiter.api.Test;

class BiliApiClientsTest {

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

        @Override
        protected CompletableFuture<BiliApiResponse> execute(BiliApiRequest request) {
            throw new UnsupportedOperationException();
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

        @Override
        public BiliApiClient create(ClientSettings settings, Object session) {
            if (session != null && !(session instanceof String)) {
                throw new IllegalArgumentException("accepts java.lang.String sessions, got "
                        + session.getClass().getName());
            }
            created.incrementAndGet();
            return new Recording(settings, session);
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

        Recording current = (Recording) registry.get();
        registry.unregister("b");
        assertThat(current.closed).isTrue();
        assertThat(registry.registered()).containsExactly("a");
        assertThat(registry.selected()).isEqualTo("a");
        registry.unregister("a");
        assertThat(registry.selected()).isNull();
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
        assertThat(factory.created).hasValue(0);
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
        Recording old = (Recording) registry.get();
        Factory second = new Factory();
        registry.register("r", second);
        assertThat(old.closed).isTrue();
        registry.get();
        assertThat(second.created).hasValue(1);
    }

    @Test
    void setSessionWithAFittingSessionWrapsItAsItIs() {
        BiliApiClients registry = BiliApiClients.empty().register("r", new Factory()).select("r");
        Recording before = (Recording) registry.get();
        registry.setSession("my session");
        assertThat(before.closed).isTrue();
        assertThat(registry.getSession()).isEqualTo("my session");
        Recording now = (Recording) registry.get();
        assertThat(now).isNotSameAs(before);

        registry.setSession(null);
        assertThat(now.closed).isTrue();
        assertThat(registry.getSession()).isNull();
    }

    @Test
    void setSessionWithANonFittingSessionFailsAndKeepsTheCurrentClient() {
        BiliApiClients registry = BiliApiClients.empty().register("r", new Factory()).select("r");
        registry.setSession("kept");
        BiliApiClient current = registry.get();
        assertThatThrownBy(() -> registry.setSession(42)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.String").hasMessageContaining("java.lang.Integer");
        assertThat(registry.get()).isSameAs(current);
        assertThat(registry.getSession()).isEqualTo("kept");
        assertThat(((Recording) current).closed).isFalse();
    }

    @Test
    void selectingABackendTheSessionDoesNotFitFailsAtOnce() {
        BiliApiClients registry = BiliApiClients.empty().register("strings", new Factory())
                .register("ints", (settings, session) -> {
                    if (session != null && !(session instanceof Integer)) {
                        throw new IllegalArgumentException("accepts java.lang.Integer");
                    }
                    return new Recording(settings, session);
                }).select("strings");
        registry.setSession("a string");
        assertThatThrownBy(() -> registry.select("ints")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Integer");
    }

    @Test
    void settingsReachTheLiveClientAndNewClients() {
        BiliApiClients registry = BiliApiClients.empty().register("r", new Factory()).select("r");
        Recording live = (Recording) registry.get();
        registry.setTimeout(Duration.ofSeconds(3)).setProxy("http://127.0.0.1:3128").setVerifySsl(false)
                .setTrustEnv(false);
        ClientSettings expected = new ClientSettings("http://127.0.0.1:3128", Duration.ofSeconds(3), false, false);
        assertThat(registry.settings()).isEqualTo(expected);
        assertThat(live.settings()).isEqualTo(expected);
        assertThat(live.applied).hasSize(4).last().isEqualTo(expected);

        registry.unregister("r").register("r", new Factory()).select("r");
        assertThat(registry.get().settings()).isEqualTo(expected);
        assertThatThrownBy(() -> registry.setProxy("gopher://x")).isInstanceOf(IllegalArgumentException.class);
        assertThat(registry.settings().proxy()).isEqualTo("http://127.0.0.1:3128");
    }

    @Test
    void closeClosesTheClientAndTheRegistry() {
        BiliApiClients registry = BiliApiClients.empty().register("r", new Factory()).select("r");
        Recording live = (Recording) registry.get();
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
