package io.github.bilibiliapi.client.webclient;

import io.github.bilibiliapi.client.BiliApiClientConformanceTest;
import io.github.bilibiliapi.client.BiliApiClientFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/** Runs the conformance kit, unchanged, on the WebClient backend. */
class WebClientBiliApiClientTest extends BiliApiClientConformanceTest {

    private final Map<Object, Runnable> releasers = new ConcurrentHashMap<>();

    @Override
    protected BiliApiClientFactory factory() {
        return WebClientBiliApiClient::create;
    }

    /**
     * Reactor's process-wide {@code Schedulers.parallel()} ({@code parallel-N}) is started lazily by Reactor itself
     * (time-based operators, disposing loop resources) and shared by every Reactor user in the JVM: no client owns it
     * or can dispose it.
     */
    @Override
    protected Set<String> libraryThreadNamePrefixes() {
        return Set.of("parallel-");
    }

    /**
     * A plain {@code WebClient} with the library's defaults, but over its own Reactor Netty pool and event loops
     * (instead of the process-wide {@code HttpResources} of {@code WebClient.create()}) so that the test can dispose
     * them and the thread leak check needs no allowance.
     */
    @Override
    protected Object newUserSession() {
        ConnectionProvider pool = ConnectionProvider.create("user-session-pool", 16);
        LoopResources loops = LoopResources.create("user-session-loop", 1, true);
        WebClient webClient = WebClient.builder()
                .clientConnector(new ReactorClientHttpConnector(HttpClient.create(pool).runOn(loops)))
                .build();
        releasers.put(webClient, () -> {
            pool.disposeLater().block(Duration.ofSeconds(10));
            loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(Duration.ofSeconds(10));
        });
        return webClient;
    }

    @Override
    protected void releaseUserSession(Object session) {
        Runnable release = releasers.remove(session);
        if (release != null) {
            release.run();
        }
    }
}
