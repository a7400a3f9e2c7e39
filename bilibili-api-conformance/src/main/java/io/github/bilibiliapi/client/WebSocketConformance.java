package io.github.bilibiliapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.bilibiliapi.client.support.AbstractBiliApiClient;
import io.github.bilibiliapi.client.support.UriEncoding;
import io.github.bilibiliapi.test.Fault;
import io.github.bilibiliapi.test.HttpTestModule;
import io.github.bilibiliapi.test.RecordedRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Conformance of a {@link BiliApiClient} backend, one concern. WebSockets: echo, handshake, order, big frames, close
 * semantics, idle sockets, handles, many cycles. Run it alone by extending this class and supplying the hooks of
 * {@link ConformanceKit}, or run every concern with {@link BiliApiClientConformanceTest}.
 */
public abstract class WebSocketConformance extends ConformanceKit {

    @Test
    void webSocketEchoesBinaryAndText() {
        BiliApiClient client = newClient();
        int binary = result(client.wsCreate(server.wsBaseUrl() + "/test/ws/echo", Map.of(), Map.of(), Map.of()));
        byte[] payload = {0, 1, 2, (byte) 0xff, 'x'};
        result(client.wsSend(binary, payload));
        BiliWsMessage echoed = result(client.wsRecv(binary));
        assertThat(echoed.type()).isEqualTo(BiliWsMsgType.BINARY);
        assertThat(echoed.data()).isEqualTo(payload);

        int text = result(client.wsCreate(server.wsBaseUrl() + "/test/ws/echo", Map.of("as", "text"), Map.of(),
                Map.of()));
        result(client.wsSend(text, bytes("弹幕 hello")));
        BiliWsMessage textEcho = result(client.wsRecv(text));
        assertThat(textEcho.type()).isEqualTo(BiliWsMsgType.TEXT);
        assertThat(textEcho.text()).isEqualTo("弹幕 hello");

        result(client.wsClose(binary));
        result(client.wsClose(text));
        assertThat(((AbstractBiliApiClient<?>) client).openWebSockets()).isZero();
    }

    @Test
    void webSocketHandshakeCarriesQueryHeadersAndCookies() {
        BiliApiClient client = newClient();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("room", "1 2");
        params.put("marks", "!*~");
        int handle = result(client.wsCreate(server.wsBaseUrl() + "/test/ws/echo", params,
                Map.of("User-Agent", "conformance", "X-Test", "ws"), Map.of("SESSDATA", "abc%2C1", "buvid3", "b")));
        RecordedRequest handshake = server.lastRequest("/test/ws/echo");
        assertThat(handshake.rawQuery()).isEqualTo(hooks().expectedRawQuery(UriEncoding.encodeQuery(params)));
        assertThat(handshake.header("x-test")).isEqualTo("ws");
        assertThat(handshake.header("user-agent")).isEqualTo("conformance");
        assertThat(handshake.cookies()).containsEntry("SESSDATA", "abc%2C1").containsEntry("buvid3", "b");
        result(client.wsClose(handle));
    }

    @Test
    void tenMessagesArriveInOrder() {
        BiliApiClient client = newClient();
        int handle = result(client.wsCreate(server.wsBaseUrl() + "/test/ws/echo", Map.of(), Map.of(), Map.of()));
        List<CompletableFuture<Void>> sends = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            sends.add(client.wsSend(handle, bytes("message " + i))); // not awaited: sends must queue
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).join();
        for (int i = 0; i < 10; i++) {
            assertThat(result(client.wsRecv(handle)).text()).isEqualTo("message " + i);
        }
        result(client.wsClose(handle));
    }

    @Test
    void serverPushedFramesAreReceivedInOrder() {
        BiliApiClient client = newClient();
        int handle = result(client.wsCreate(server.wsBaseUrl() + "/test/ws/push", Map.of("n", "50", "size", "1000"),
                Map.of(), Map.of()));
        for (int k = 0; k < 50; k++) {
            BiliWsMessage message = result(client.wsRecv(handle));
            assertThat(message.type()).isEqualTo(BiliWsMsgType.BINARY);
            assertThat(message.data()).hasSize(1000).containsOnly((byte) k);
        }
        result(client.wsClose(handle));
    }

    @Test
    void sixteenMebibyteFramesGoBothWays() {
        BiliApiClient client = newClient();
        int handle = result(client.wsCreate(server.wsBaseUrl() + "/test/ws/echo", Map.of(), Map.of(), Map.of()));
        byte[] big = new byte[16 * 1024 * 1024];
        new Random(16).nextBytes(big);
        result(client.wsSend(handle, big));
        BiliWsMessage echoed = result(client.wsRecv(handle));
        assertThat(echoed.type()).isEqualTo(BiliWsMsgType.BINARY);
        assertThat(echoed.data()).isEqualTo(big);
        result(client.wsClose(handle));
    }

    @Test
    void serverCloseGivesCloseThenClosedAndWsCloseFreesTheHandle() {
        BiliApiClient client = newClient();
        int handle = result(client.wsCreate(server.wsBaseUrl() + "/test/ws/echo", Map.of(), Map.of(), Map.of()));
        result(client.wsSend(handle, bytes(HttpTestModule.WS_CLOSE_COMMAND)));
        BiliWsMessage close = result(client.wsRecv(handle));
        assertThat(close.type()).isEqualTo(BiliWsMsgType.CLOSE);
        assertThat(close.closeCode()).isEqualTo(1000);
        assertThat(new String(close.data(), 2, close.data().length - 2, StandardCharsets.UTF_8))
                .isEqualTo(HttpTestModule.WS_CLOSE_REASON);
        assertThat(result(client.wsRecv(handle)).type()).isEqualTo(BiliWsMsgType.CLOSED);
        assertThat(result(client.wsRecv(handle)).type()).isEqualTo(BiliWsMsgType.CLOSED);
        assertThatThrownBy(() -> result(client.wsSend(handle, bytes("late"))))
                .isInstanceOf(IllegalStateException.class);

        result(client.wsClose(handle));
        assertThatThrownBy(() -> client.wsRecv(handle)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(String.valueOf(handle));
        assertThat(((AbstractBiliApiClient<?>) client).openWebSockets()).isZero();
    }

    @Test
    void aPeerCloseIsStillReceivedAfterTheConnectionIsGone() {
        BiliApiClient client = newClient();
        int baseline = server.openConnections();
        int handle = result(client.wsCreate(server.wsBaseUrl() + "/test/ws/echo", Map.of(), Map.of(), Map.of()));
        result(client.wsSend(handle, bytes(HttpTestModule.WS_CLOSE_COMMAND)));
        // receive only once the close handshake is over and the TCP connection closed
        await().atMost(SERVER_CLOSE_WAIT).until(() -> server.openConnections() <= baseline);
        BiliWsMessage close = result(client.wsRecv(handle));
        assertThat(close.type()).isEqualTo(BiliWsMsgType.CLOSE);
        assertThat(close.closeCode()).isEqualTo(1000);
        assertThat(result(client.wsRecv(handle)).type()).isEqualTo(BiliWsMsgType.CLOSED);
        result(client.wsClose(handle));
    }

    @Test
    void wsCloseFromAnotherThreadUnblocksAPendingReceiveWithinOneSecond() throws Exception {
        BiliApiClient client = newClient();
        // the push endpoint with n=0 sends nothing and waits for the client to close
        int handle = result(client.wsCreate(server.wsBaseUrl() + "/test/ws/push", Map.of("n", "0"), Map.of(),
                Map.of()));
        CompletableFuture<BiliWsMessage> pending = client.wsRecv(handle);
        assertThat(pending).isNotDone();
        CountDownLatch started = new CountDownLatch(1);
        Thread closer = new Thread(() -> {
            started.countDown();
            client.wsClose(handle).join();
        }, "conformance-closer");
        closer.start();
        started.await();
        BiliWsMessage message = pending.get(1, TimeUnit.SECONDS);
        assertThat(message.type()).isIn(BiliWsMsgType.CLOSING, BiliWsMsgType.CLOSED);
        closer.join(TimeUnit.SECONDS.toMillis(10));
        assertThat(closer.isAlive()).isFalse();
        assertThatThrownBy(() -> client.wsRecv(handle)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anIdleWebSocketOutlivesTheCallTimeout() {
        // the timeout bounds calls and handshakes, not a connection's life: a danmaku socket idles between heartbeats
        Duration timeout = Duration.ofSeconds(1);
        BiliApiClient client = newClient(ClientSettings.DEFAULTS.withTimeout(timeout), null);
        int handle = result(client.wsCreate(server.wsBaseUrl() + "/test/ws/echo", Map.of(), Map.of(), Map.of()));
        CompletableFuture<BiliWsMessage> pending = client.wsRecv(handle);
        // stay idle for 2.5 timeouts; nothing may arrive meanwhile (no read timeout, no failure)
        await().pollDelay(timeout.multipliedBy(5).dividedBy(2)).atMost(timeout.multipliedBy(10))
                .until(() -> true);
        assertThat(pending).isNotDone();
        result(client.wsSend(handle, bytes("still here")));
        assertThat(result(pending).text()).isEqualTo("still here");
        result(client.wsClose(handle));
    }

    @Test
    void unknownAndClosedHandlesAreRejected() {
        BiliApiClient client = newClient();
        assertThatThrownBy(() -> client.wsSend(987_654, bytes("x"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("987654");
        assertThatThrownBy(() -> client.wsRecv(987_654)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.wsClose(987_654)).isInstanceOf(IllegalArgumentException.class);

        int handle = result(client.wsCreate(server.wsBaseUrl() + "/test/ws/echo", Map.of(), Map.of(), Map.of()));
        result(client.wsClose(handle));
        assertThatThrownBy(() -> client.wsSend(handle, bytes("x"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.wsClose(handle)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void webSocketToAMissingRouteFails() {
        BiliApiClient client = newClient();
        assertThatThrownBy(() -> result(client.wsCreate(server.wsBaseUrl() + "/test/ws/nowhere", Map.of(), Map.of(),
                Map.of()))).isInstanceOf(BiliClientException.class).hasMessageContaining("/test/ws/nowhere");
        assertThat(((AbstractBiliApiClient<?>) client).openWebSockets()).isZero();
    }

    @Test
    void manyWebSocketCyclesLeaveNoHandle() throws Exception {
        int cycles = hooks().wsCycles();
        assertThat(cycles).isGreaterThanOrEqualTo(MIN_WS_CYCLES);
        // connections of earlier tests may still be closing: this test's own must all be gone at the end
        int baseline = server.openConnections();
        BiliApiClient client = newClient();
        int parallelism = 4;
        ExecutorService pool = Executors.newFixedThreadPool(parallelism, r -> {
            Thread t = new Thread(r, "conformance-ws-cycles");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger done = new AtomicInteger();
        long start = System.nanoTime();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int w = 0; w < parallelism; w++) {
                int share = cycles / parallelism + (w < cycles % parallelism ? 1 : 0);
                workers.add(pool.submit(() -> {
                    for (int i = 0; i < share; i++) {
                        int handle = result(client.wsCreate(server.wsBaseUrl() + "/test/ws/echo", Map.of(), Map.of(),
                                Map.of()));
                        result(client.wsSend(handle, bytes("cycle")));
                        assertThat(result(client.wsRecv(handle)).text()).isEqualTo("cycle");
                        result(client.wsClose(handle));
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
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.printf("[conformance %s] %d WebSocket open/echo/close cycles (parallelism %d): %d ms%n",
                client.backendName(), done.get(), parallelism, millis);
        assertThat(done.get()).isEqualTo(cycles);
        assertThat(((AbstractBiliApiClient<?>) client).openWebSockets()).isZero();
        await().atMost(SERVER_CLOSE_WAIT)
                .untilAsserted(() -> assertThat(server.openConnections()).isLessThanOrEqualTo(baseline));
    }

    @Test
    void webSocketHandshakeIsBoundedByTheTimeout() {
        Duration timeout = Duration.ofSeconds(1);
        BiliApiClient client = newClient(ClientSettings.DEFAULTS.withTimeout(timeout), null);
        server.scriptAlways("/test/ws/echo", Fault.noResponse());
        long start = System.nanoTime();
        CompletableFuture<Integer> open = client.wsCreate(server.wsBaseUrl() + "/test/ws/echo", Map.of(), Map.of(),
                Map.of());
        assertThatThrownBy(() -> result(open)).isInstanceOf(BiliTimeoutException.class)
                .hasMessageContaining("/test/ws/echo");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.plusSeconds(1));
        assertThat(((AbstractBiliApiClient<?>) client).openWebSockets()).isZero();
    }
}
