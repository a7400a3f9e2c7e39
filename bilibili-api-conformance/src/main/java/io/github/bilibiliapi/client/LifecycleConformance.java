package io.github.bilibiliapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Conformance of a {@link BiliApiClient} backend, one concern. Lifecycle and leaks: the user-session rule, setters,
 * session types, closing with nothing left behind. Run it alone by extending this class and supplying the hooks of
 * {@link ConformanceKit}, or run every concern with {@link BiliApiClientConformanceTest}.
 */
public abstract class LifecycleConformance extends ConformanceKit {

    @Test
    void userSessionIsUsedAsItIsUntilASettingChanges() {
        // the library defaults of a plain session wait longer than 1.5 s; the settings say 1 s
        Object session = userSession();
        BiliApiClient client = newClient(ClientSettings.DEFAULTS.withTimeout(Duration.ofSeconds(1)), session);
        assertThat(client.getWrappedSession()).isSameAs(session);
        BiliApiRequest slow = BiliApiRequest.get(http("/test/delay")).param("ms", "1500").build();
        assertThat(result(client.request(slow)).code()).isEqualTo(200);

        client.setTimeout(Duration.ofSeconds(1));
        assertThatThrownBy(() -> result(client.request(slow))).isInstanceOf(BiliTimeoutException.class);
        assertThat(client.settings().timeout()).isEqualTo(Duration.ofSeconds(1));

        // the user's session still works and was not shut down by the switch
        client.close();
        clients.remove(client);
        BiliApiClient again = newClient(ClientSettings.DEFAULTS, session);
        assertThat(result(again.request(BiliApiRequest.get(http("/test/json")).build())).code()).isEqualTo(200);
    }

    @Test
    void aSessionOfAnotherLibraryIsRejectedNamingTheAcceptedTypes() {
        assertThatThrownBy(() -> factory().create(ClientSettings.DEFAULTS, "not a session"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.lang.String");
    }

    @Test
    void settersChangeTheSettings() {
        BiliApiClient client = newClient();
        client.setTimeout(Duration.ofSeconds(7));
        client.setTrustEnv(false);
        client.setVerifySsl(false);
        client.setProxy("");
        assertThat(client.settings()).isEqualTo(new ClientSettings("", Duration.ofSeconds(7), false, false));
        assertThat(result(client.request(BiliApiRequest.get(http("/test/json")).build())).code()).isEqualTo(200);
    }

    @Test
    void afterCloseEverythingFailsAndNoThreadOfTheClientIsAlive() {
        Set<Thread> before = Set.copyOf(Thread.getAllStackTraces().keySet());
        int baseline = server.openConnections(); // earlier tests' connections may still be closing
        BiliApiClient client = factory().create(ClientSettings.DEFAULTS, null);
        try {
            assertThat(result(client.request(BiliApiRequest.get(http("/test/json")).build())).code()).isEqualTo(200);
            int handle = result(client.wsCreate(server.wsBaseUrl() + "/test/ws/echo", Map.of(), Map.of(), Map.of()));
            result(client.wsSend(handle, bytes("x")));
            assertThat(result(client.wsRecv(handle)).text()).isEqualTo("x");
            CompletableFuture<BiliWsMessage> pending = client.wsRecv(handle);
            // a socket left open and a call in flight: close must end both
            CompletableFuture<BiliApiResponse> inFlight = client.request(BiliApiRequest.get(http("/test/delay"))
                    .param("ms", "3000").build());
            await().atMost(Duration.ofSeconds(10)).until(() -> server.requestCount("/test/delay") == 1);

            client.close();
            client.close(); // idempotent

            assertThat(pending).succeedsWithin(Duration.ofSeconds(5))
                    .extracting(BiliWsMessage::type).isEqualTo(BiliWsMsgType.CLOSED);
            assertThat(inFlight).failsWithin(Duration.ofSeconds(5));
            assertThatThrownBy(() -> client.request(BiliApiRequest.get(http("/test/json")).build()))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> client.wsCreate(server.wsBaseUrl() + "/test/ws/echo", Map.of(), Map.of(),
                    Map.of())).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> client.setTimeout(Duration.ofSeconds(1)))
                    .isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> client.wsRecv(handle)).isInstanceOf(IllegalArgumentException.class);
        } finally {
            client.close();
        }
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(leakedThreads(before)).isEmpty());
        // a server that is still delaying its answer may only notice the closed connection when it writes (3 s)
        await().atMost(SERVER_CLOSE_WAIT)
                .untilAsserted(() -> assertThat(server.openConnections()).isLessThanOrEqualTo(baseline));
    }

    private List<String> leakedThreads(Set<Thread> before) {
        List<String> allowed = new ArrayList<>(hooks().libraryThreadNamePrefixes());
        allowed.add(server.threadNamePrefix()); // the fake server's own (lazily started) threads
        allowed.add("awaitility"); // the assertion's own polling thread
        allowed.add("ForkJoinPool.commonPool"); // JVM-wide, used by CompletableFuture continuations
        allowed.add("CompletableFutureDelayScheduler"); // JVM-wide timer of CompletableFuture.orTimeout
        allowed.add("process reaper");
        allowed.add("Attach Listener");
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> !before.contains(t) && t.isAlive())
                .map(Thread::getName)
                .filter(name -> allowed.stream().noneMatch(name::startsWith))
                .sorted()
                .collect(Collectors.toList());
    }
}
