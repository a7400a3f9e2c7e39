package io.github.bilibiliapi.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

class ServerCoreTest {

    @Test
    void countsConnectionsRequestsAndRecordsRequests() throws Exception {
        try (FakeBilibiliServer server = FakeBilibiliServer.start()) {
            HttpClient client = Clients.plain();
            for (int i = 0; i < 3; i++) {
                client.send(HttpRequest.newBuilder(URI.create(server.httpBaseUrl() + "/test/echo?i=" + i))
                        .header("Cookie", "a=b").POST(HttpRequest.BodyPublishers.ofString("hello")).build(),
                        HttpResponse.BodyHandlers.ofString());
            }
            assertThat(server.requestCount("/test/echo")).isEqualTo(3);
            assertThat(server.connectionsOpened()).as("keep-alive reuses one connection").isEqualTo(1);
            assertThat(server.openConnections()).isEqualTo(1);
            RecordedRequest last = server.lastRequest("/test/echo");
            assertThat(last.method()).isEqualTo("POST");
            assertThat(last.uri()).isEqualTo("/test/echo?i=2");
            assertThat(last.rawQuery()).isEqualTo("i=2");
            assertThat(last.cookies()).containsEntry("a", "b");
            assertThat(last.header("COOKIE")).isEqualTo("a=b");
            assertThat(last.bodySize()).isEqualTo(5);
            assertThat(last.secure()).isFalse();
            assertThat(last.toString()).doesNotContain("a=b");
            assertThat(server.requests("/test/echo")).hasSize(3);
            assertThatThrownBy(() -> server.lastRequest("/other")).isInstanceOf(NoSuchElementException.class)
                    .hasMessageContaining("/test/echo");

            server.resetCounters();
            assertThat(server.requestCount("/test/echo")).isZero();
            assertThat(server.connectionsOpened()).isZero();
            assertThat(server.recentRequests()).isEmpty();

            try (java.net.Socket s = new java.net.Socket("127.0.0.1", server.port())) {
                await().atMost(Duration.ofSeconds(5)).until(() -> server.openConnections() == 2);
                assertThat(server.connectionsOpened()).isEqualTo(1);
            }
            await().atMost(Duration.ofSeconds(5)).until(() -> server.openConnections() == 1);
        }
    }

    @Test
    void recentRequestLimitIsHonoured() throws Exception {
        try (FakeBilibiliServer server = FakeBilibiliServer.builder().defaultModules().recentRequests(2).start()) {
            HttpClient client = Clients.plain();
            for (int i = 0; i < 5; i++) {
                client.send(HttpRequest.newBuilder(URI.create(server.httpBaseUrl() + "/test/json")).build(),
                        HttpResponse.BodyHandlers.discarding());
            }
            assertThat(server.recentRequests()).hasSize(2);
            assertThat(server.requestCount("/test/json")).isEqualTo(5);
        }
    }

    @Test
    void customModulesGetRoutesPathVariablesAndErrorsMapped() throws Exception {
        ServerModule module = (routes, ctx) -> routes
                .get("/u/{mid}/card", (req, res) -> res.sendString(Mono.just("mid=" + req.pathVariable("mid"))))
                .get("/boom", (req, res) -> {
                    throw new IllegalStateException("kaput");
                })
                .get("/later", (req, res) -> ctx.delay(Duration.ofMillis(50))
                        .then(res.sendString(Mono.just(ctx.httpBaseUrl())).then()));
        try (FakeBilibiliServer server = FakeBilibiliServer.builder().module(module).start()) {
            HttpClient client = Clients.plain();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(
                    URI.create(server.httpBaseUrl() + "/u/42/card")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).isEqualTo("mid=42");
            r = client.send(HttpRequest.newBuilder(URI.create(server.httpBaseUrl() + "/boom")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(500);
            assertThat(r.body()).contains("kaput");
            r = client.send(HttpRequest.newBuilder(URI.create(server.httpBaseUrl() + "/later")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).isEqualTo(server.httpBaseUrl());
            assertThat(server.module(module.getClass())).isSameAs(module);
            assertThatThrownBy(() -> server.module(HttpTestModule.class)).isInstanceOf(NoSuchElementException.class);
        }
    }

    @Test
    void duplicateRoutesAndBadPathsAreRejected() {
        ServerModule dup = (routes, ctx) -> routes.get("/a", (q, r) -> Mono.empty()).get("/a", (q, r) -> Mono.empty());
        assertThatThrownBy(() -> FakeBilibiliServer.builder().module(dup).start())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("GET /a");
        ServerModule bad = (routes, ctx) -> routes.get("a?b", (q, r) -> Mono.empty());
        assertThatThrownBy(() -> FakeBilibiliServer.builder().module(bad).start())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a?b");
    }

    @Test
    void httpsWorksWithTrustAllAndWithTheTestCertificate() throws Exception {
        try (FakeBilibiliServer server = FakeBilibiliServer.start()) {
            assertThat(server.httpsBaseUrl()).isEqualTo("https://127.0.0.1:" + server.httpsPort());
            assertThat(server.wssBaseUrl()).isEqualTo("wss://127.0.0.1:" + server.httpsPort());
            HttpResponse<String> r = Clients.trustAll().send(HttpRequest.newBuilder(
                    URI.create(server.httpsBaseUrl() + "/test/json")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.body()).isEqualTo(HttpTestModule.JSON_BODY);
            assertThat(server.lastRequest("/test/json").secure()).isTrue();

            SSLContext trusting = TestCertificate.trustingSslContext();
            HttpClient verifying = HttpClient.newBuilder().sslContext(trusting).build();
            r = verifying.send(HttpRequest.newBuilder(URI.create(server.httpsBaseUrl() + "/test/echo")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);

            HttpClient strict = HttpClient.newBuilder().build();
            assertThatThrownBy(() -> strict.send(HttpRequest.newBuilder(
                    URI.create(server.httpsBaseUrl() + "/test/json")).build(), HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(javax.net.ssl.SSLHandshakeException.class);
        }
    }

    @Test
    void testCertificateHasTheAgreedIdentity() throws Exception {
        var cert = TestCertificate.certificate();
        assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=localhost");
        assertThat(cert.getSubjectAlternativeNames().stream().map(l -> String.valueOf(l.get(1))))
                .contains("localhost", "127.0.0.1");
        assertThat(cert.getNotAfter()).isAfter(new java.util.Date(System.currentTimeMillis()
                + TimeUnit.DAYS.toMillis(365L * 90)));
    }

    @Test
    void webSocketEchoesTextAndBinaryAndClosesOnRequest() throws Exception {
        try (FakeBilibiliServer server = FakeBilibiliServer.start()) {
            for (String base : List.of(server.wsBaseUrl(), server.wssBaseUrl())) {
                Recorder rec = new Recorder();
                HttpClient client = base.startsWith("wss") ? Clients.trustAll() : Clients.plain();
                WebSocket ws = client.newWebSocketBuilder().buildAsync(URI.create(base + "/test/ws/echo"), rec)
                        .get(5, TimeUnit.SECONDS);
                ws.sendText("hello 你好", true).get(5, TimeUnit.SECONDS);
                assertThat(rec.next()).isEqualTo("text:hello 你好");
                byte[] big = new byte[16 * 1024 * 1024];
                new Random(1).nextBytes(big);
                ws.sendBinary(ByteBuffer.wrap(big), true).get(30, TimeUnit.SECONDS);
                Object echoed = rec.next();
                assertThat(echoed).isInstanceOf(byte[].class);
                assertThat((byte[]) echoed).isEqualTo(big);
                ws.sendText(HttpTestModule.WS_CLOSE_COMMAND, true).get(5, TimeUnit.SECONDS);
                assertThat(rec.next()).isEqualTo("close:1000:" + HttpTestModule.WS_CLOSE_REASON);
            }
            assertThat(server.requestCount("/test/ws/echo")).isEqualTo(2);
        }
    }

    @Test
    void webSocketPushSendsNFramesOfSize() throws Exception {
        try (FakeBilibiliServer server = FakeBilibiliServer.start()) {
            Recorder rec = new Recorder();
            WebSocket ws = Clients.plain().newWebSocketBuilder()
                    .buildAsync(URI.create(server.wsBaseUrl() + "/test/ws/push?n=5&size=1000"), rec)
                    .get(5, TimeUnit.SECONDS);
            for (int k = 0; k < 5; k++) {
                byte[] frame = (byte[]) rec.next();
                assertThat(frame).hasSize(1000);
                assertThat(frame[999]).isEqualTo((byte) k);
            }
            ws.sendClose(1000, "bye").get(5, TimeUnit.SECONDS);
            assertThat(rec.next()).isEqualTo("close:1000:bye");
        }
    }

    @Test
    void closeLeavesNoThreadOfTheServerAlive() throws Exception {
        // a first cycle lets Reactor/Netty create their JVM-wide singletons (the parallel scheduler LoopResources
        // uses while disposing, the global bounded-elastic evictor); after that a cycle must add nothing
        exercise(FakeBilibiliServer.start()).close();
        java.util.Set<Thread> before = Thread.getAllStackTraces().keySet();
        FakeBilibiliServer server = exercise(FakeBilibiliServer.start());
        String prefix = server.threadNamePrefix() + "-";
        assertThat(threadsNamed(prefix)).isNotEmpty();
        server.close();
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(threadsNamed(prefix)).isEmpty());
        server.close(); // idempotent
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(Thread.getAllStackTraces().keySet()
                .stream().filter(t -> t.isAlive() && !before.contains(t)).map(Thread::getName)
                // the JDK client's threads are the client's; Netty's global executor ends by itself when idle
                .filter(n -> !n.startsWith("HttpClient-") && !n.startsWith("awaitility")
                        && !n.startsWith("globalEventExecutor"))).isEmpty());
    }

    /** Uses event loops, TLS, the form scheduler (disk-backed multipart) and timers, so every kind of thread exists. */
    private static FakeBilibiliServer exercise(FakeBilibiliServer server) throws Exception {
        Clients.trustAll().send(HttpRequest.newBuilder(URI.create(server.httpsBaseUrl() + "/test/delay?ms=10"))
                .build(), HttpResponse.BodyHandlers.discarding());
        Clients.plain().send(HttpRequest.newBuilder(URI.create(server.httpBaseUrl() + "/test/echo"))
                .header("Content-Type", "multipart/form-data; boundary=b")
                .POST(HttpRequest.BodyPublishers.ofString(
                        "--b\r\nContent-Disposition: form-data; name=\"f\"; filename=\"x\"\r\n\r\n"
                                + "x".repeat(40_000) + "\r\n--b--\r\n")).build(),
                HttpResponse.BodyHandlers.discarding());
        return server;
    }

    static List<String> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith(prefix)).toList();
    }

    /** Collects WebSocket events as "text:..", byte[] or "close:code:reason". */
    static final class Recorder implements WebSocket.Listener {
        private final LinkedBlockingQueue<Object> events = new LinkedBlockingQueue<>();
        private final StringBuilder text = new StringBuilder();
        private java.io.ByteArrayOutputStream binary = new java.io.ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                events.add("text:" + text);
                text.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            binary.writeBytes(chunk);
            if (last) {
                events.add(binary.toByteArray());
                binary = new java.io.ByteArrayOutputStream();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            events.add("close:" + statusCode + ":" + reason);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            events.add(error);
        }

        Object next() throws InterruptedException {
            Object e = events.poll(30, TimeUnit.SECONDS);
            assertThat(e).as("websocket event").isNotNull().isNotInstanceOf(Throwable.class);
            return e;
        }
    }
}
