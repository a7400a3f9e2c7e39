package io.github.bilibiliapi.testapp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bilibiliapi.test.live.LiveModule;
import io.github.bilibiliapi.test.spring.AutoConfigureFakeBilibili;
import io.github.bilibiliapi.test.spring.FakeBilibili;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * Live rooms through {@link AutoConfigureFakeBilibili}: the app's SSE endpoint (the reactive face's live Flux over the
 * WebClient backend's WebSocket) gets what the test scripts with {@link FakeBilibili#sendDanmaku}, and a danmaku the app
 * sends as the fake logged-in account reaches the fake and comes back to the room's listeners.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureFakeBilibili(loggedIn = true)
class LiveThroughTheAnnotationTest {

    private static final long ROOM = LiveModule.DEFAULT_SHORT_ID;

    @LocalServerPort
    int port;

    @Autowired
    FakeBilibili bilibili;

    private WebClient app() {
        return WebClient.create("http://127.0.0.1:" + port);
    }

    /** The first {@code n} events of the app's SSE stream, once the fake sees the room's session authenticated. */
    private CompletableFuture<List<String>> listen(int n) {
        // a room released by an earlier test closes asynchronously: a count read while it is still open could drop
        // and never rise above what was read
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> bilibili.live().openSessions() == 0);
        int before = bilibili.live().authenticatedSessions();
        CompletableFuture<List<String>> events = app().get().uri("/live/{room}/danmaku", ROOM)
                .accept(MediaType.TEXT_EVENT_STREAM).retrieve().bodyToFlux(String.class).take(n).collectList()
                .toFuture();
        Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> bilibili.live().authenticatedSessions() > before);
        return events;
    }

    @Test
    void scriptedDanmakuReachTheAppsLiveStream() throws Exception {
        CompletableFuture<List<String>> events = listen(2);
        assertThat(bilibili.sendDanmaku("hello from the test", 42, "alice")).isPositive();
        assertThat(bilibili.sendDanmaku("second", 43, "bob")).isPositive();
        assertThat(events.get(30, TimeUnit.SECONDS)).containsExactly("alice: hello from the test", "bob: second");
        // the app's live connection ends with the SSE client
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> bilibili.live().openSessions() == 0);
    }

    @Test
    void theAppSendsADanmakuAsTheFakeAccountAndItsListenersGetIt() throws Exception {
        CompletableFuture<List<String>> events = listen(1);
        List<String> accepted = app().post().uri(b -> b.path("/live/{room}/danmaku").queryParam("text", "hi there")
                .build(ROOM)).retrieve().bodyToMono(new ParameterizedTypeReference<List<String>>() { })
                .block(Duration.ofSeconds(30));
        assertThat(accepted).containsExactly("hi there");
        assertThat(bilibili.live().sentDanmaku()).extracting(d -> d.msg()).contains("hi there");
        assertThat(events.get(30, TimeUnit.SECONDS)).singleElement().asString().endsWith(": hi there");
        assertThat(bilibili.requestCount("/msg/send")).isEqualTo(1);
    }
}
