package io.github.bilibiliapi.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FaultScriptTest {

    static FakeBilibiliServer server;
    static HttpClient client;

    @BeforeAll
    static void start() {
        server = FakeBilibiliServer.start();
        client = Clients.plain();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void reset() {
        server.clearScripts();
        server.resetCounters();
    }

    private HttpRequest get(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create(server.httpBaseUrl() + pathAndQuery))
                .timeout(Duration.ofSeconds(10)).build();
    }

    private HttpResponse<String> send(String pathAndQuery) throws Exception {
        return client.send(get(pathAndQuery), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void respondFaultIsOneShotFifoThenTheRouteAnswers() throws Exception {
        server.script("/test/json", Fault.html(412, "<html><body>blocked</body></html>").withHeader("X-Why", "ban"))
                .script("/test/json", Fault.respond(503), 2);
        HttpResponse<String> r = send("/test/json");
        assertThat(r.statusCode()).isEqualTo(412);
        assertThat(r.headers().firstValue("content-type")).hasValue("text/html; charset=utf-8");
        assertThat(r.headers().firstValue("x-why")).hasValue("ban");
        assertThat(r.body()).isEqualTo("<html><body>blocked</body></html>");
        assertThat(send("/test/json").statusCode()).isEqualTo(503);
        assertThat(send("/test/json").statusCode()).isEqualTo(503);
        assertThat(send("/test/json").statusCode()).isEqualTo(200);
        assertThat(server.requestCount("/test/json")).isEqualTo(4);
        assertThat(server.pendingScripts("/test/json")).isZero();
    }

    @Test
    void scriptAlwaysLastsUntilCleared() throws Exception {
        server.scriptAlways("/test/json", Fault.respond(500));
        for (int i = 0; i < 3; i++) {
            assertThat(send("/test/json").statusCode()).isEqualTo(500);
        }
        server.clearScripts();
        assertThat(send("/test/json").statusCode()).isEqualTo(200);
    }

    @Test
    void faultsOnlyApplyToTheirPath() throws Exception {
        server.script("/test/json", Fault.respond(500));
        assertThat(send("/test/status/201").statusCode()).isEqualTo(201);
        assertThat(send("/test/json").statusCode()).isEqualTo(500);
    }

    @Test
    void delayHoldsHeadersThenTheRouteAnswers() throws Exception {
        server.script("/test/json", Fault.delay(Duration.ofMillis(400)));
        long t0 = System.nanoTime();
        HttpResponse<String> r = send("/test/json");
        assertThat((System.nanoTime() - t0) / 1_000_000).isGreaterThanOrEqualTo(400);
        assertThat(r.body()).isEqualTo(HttpTestModule.JSON_BODY);
    }

    @Test
    void delayedRespondTimesOutAShortClient() {
        server.script("/test/json", Fault.respond(200).afterDelay(Duration.ofSeconds(5)));
        HttpRequest req = HttpRequest.newBuilder(URI.create(server.httpBaseUrl() + "/test/json"))
                .timeout(Duration.ofMillis(300)).build();
        assertThatThrownBy(() -> client.send(req, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
    }

    @Test
    void trickleSendsTheBodyInSpacedChunks() throws Exception {
        byte[] body = "0123456789".repeat(5).getBytes();
        server.script("/test/json", Fault.trickle(body, 10, Duration.ofMillis(300)));
        HttpResponse<InputStream> r = client.send(get("/test/json"), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.headers().firstValue("content-length")).hasValue("50");
        List<Long> arrivals = new ArrayList<>();
        byte[] all = new byte[50];
        int total = 0;
        long t0 = System.nanoTime();
        try (InputStream in = r.body()) {
            for (int n; (n = in.read(all, total, all.length - total)) > 0;) {
                total += n;
                arrivals.add((System.nanoTime() - t0) / 1_000_000);
            }
        }
        assertThat(total).isEqualTo(50);
        assertThat(all).isEqualTo(body);
        // 4 intervals of 300 ms lie between the first and the last chunk; even if a stalled first read merged two
        // chunks, at least 3 intervals separate the first and the last read
        assertThat(arrivals.size()).as("reads %s", arrivals).isGreaterThanOrEqualTo(2);
        assertThat(arrivals.get(arrivals.size() - 1) - arrivals.get(0)).isGreaterThanOrEqualTo(850);
    }

    @Test
    void resetMidBodyBreaksTheBodyRead() throws Exception {
        server.script("/test/bytes", Fault.resetMidBody(100_000, 1000));
        HttpResponse<InputStream> r = client.send(get("/test/bytes?n=10"), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-length")).hasValue("100000");
        assertThatThrownBy(() -> r.body().readAllBytes()).isInstanceOf(IOException.class);
    }

    @Test
    void resetMidBodyIsATcpResetNotAnOrderlyClose() throws Exception {
        server.script("/test/bytes", Fault.resetMidBody(100_000, 1000));
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("GET /test/bytes HTTP/1.1\r\nHost: x\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            byte[] buf = new byte[8192];
            assertThatThrownBy(() -> {
                while (in.read(buf) >= 0) {
                    // drain until the reset; a FIN would end this loop with -1 and fail the assertion
                }
            }).isInstanceOf(java.net.SocketException.class).hasMessageContaining("reset");
        }
    }

    @Test
    void faultsApplyToWebSocketRoutesToo() throws Exception {
        server.script("/test/ws/echo", Fault.respond(403, "text/plain", "no"));
        var future = client.newWebSocketBuilder().buildAsync(URI.create(server.wsBaseUrl() + "/test/ws/echo"),
                new ServerCoreTest.Recorder());
        assertThatThrownBy(() -> future.get(5, java.util.concurrent.TimeUnit.SECONDS))
                .hasRootCauseMessage("Unexpected HTTP response status code 403");
    }

    @Test
    void noResponseHangsUntilTheClientGivesUp() {
        server.script("/test/json", Fault.noResponse());
        HttpRequest req = HttpRequest.newBuilder(URI.create(server.httpBaseUrl() + "/test/json"))
                .timeout(Duration.ofMillis(500)).build();
        assertThatThrownBy(() -> client.send(req, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(server.requestCount("/test/json")).isEqualTo(1);
    }

    @Test
    void closeWithoutResponseClosesBeforeAnyByte() throws Exception {
        server.script("/test/json", Fault.closeWithoutResponse());
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(5000);
            s.getOutputStream().write("GET /test/json HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(s.getInputStream().read()).as("EOF without a response byte").isEqualTo(-1);
        }
    }

    @Test
    void closeWithoutResponseFailsAJdkClientExchange() {
        // the JDK client retries an idempotent request once on a fresh connection, so close every attempt
        server.scriptAlways("/test/json", Fault.closeWithoutResponse());
        assertThatThrownBy(() -> send("/test/json")).isInstanceOf(IOException.class)
                .isNotInstanceOf(HttpTimeoutException.class);
        assertThat(server.requestCount("/test/json")).isPositive();
    }

    @Test
    void faultsValidateInput() {
        assertThatThrownBy(() -> Fault.respond(42)).hasMessageContaining("42");
        assertThatThrownBy(() -> Fault.resetMidBody(10, 10)).hasMessageContaining("sentBytes");
        assertThatThrownBy(() -> Fault.trickle(new byte[1], 0, Duration.ZERO)).hasMessageContaining("chunkSize");
        assertThatThrownBy(() -> Fault.delay(Duration.ofMillis(-1))).hasMessageContaining("negative");
        assertThatThrownBy(() -> server.script("test/json", Fault.respond(500))).hasMessageContaining("test/json");
        assertThatThrownBy(() -> server.script("/test/json", Fault.respond(500), 0)).hasMessageContaining("times");
    }
}
