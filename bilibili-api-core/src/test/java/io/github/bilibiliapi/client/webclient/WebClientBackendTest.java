package io.github.bilibiliapi.client.webclient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiRequest;
import io.github.bilibiliapi.client.BiliApiResponse;
import io.github.bilibiliapi.client.BiliClientException;
import io.github.bilibiliapi.client.BiliWsMessage;
import io.github.bilibiliapi.client.BiliWsMsgType;
import io.github.bilibiliapi.client.ClientSettings;
import io.github.bilibiliapi.test.FakeBilibiliServer;
import io.github.bilibiliapi.test.ForwardProxyServer;
import io.github.bilibiliapi.test.TestCertificate;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import javax.net.ssl.KeyManagerFactory;
import reactor.netty.DisposableServer;
import reactor.netty.tcp.TcpClient;
import reactor.netty.tcp.TcpServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;
import tools.jackson.databind.JsonNode;

/** What is specific to the WebClient backend: sessions, the shared pool, frame size, backpressure, threads. */
class WebClientBackendTest {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static FakeBilibiliServer server;

    @BeforeAll
    static void startServer() {
        server = FakeBilibiliServer.start();
    }

    @AfterAll
    static void stopServer() {
        server.close();
    }

    private static BiliApiResponse get(BiliApiClient client, String path) throws Exception {
        return client.request(BiliApiRequest.get(server.httpBaseUrl() + path).build()).get(20, TimeUnit.SECONDS);
    }

    /** A client from the public factory, as this backend's class: its resources can be inspected. */
    private static WebClientBiliApiClient created(ClientSettings settings, Object session) {
        return (WebClientBiliApiClient) WebClientBiliApiClient.create(settings, session);
    }

    private static <T> T join(java.util.concurrent.CompletableFuture<T> future) throws Exception {
        return future.get(20, TimeUnit.SECONDS);
    }

    private static List<Thread> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && t.getName().startsWith(prefix))
                .toList();
    }

    @Test
    void ownResourcesServeHttpAndWebSocketOnOneLoopGroupAndDieOnClose() throws Exception {
        WebClientBiliApiClient client = created(ClientSettings.DEFAULTS, null);
        String prefix = client.resourceName() + "-";
        List<String> httpThreads = new CopyOnWriteArrayList<>();
        try {
            // the WebClient in use is ours; a filter on a mutated copy sees the thread the response arrives on
            WebClient webClient = ((WebClient) client.getWrappedSession()).mutate()
                    .filter(ExchangeFilterFunction.ofResponseProcessor(r -> {
                        httpThreads.add(Thread.currentThread().getName());
                        return Mono.just(r);
                    })).build();
            webClient.get().uri(server.httpBaseUrl() + "/test/json").retrieve().toBodilessEntity()
                    .block(WAIT);
            assertThat(get(client, "/test/json").json().path("data").path("uname").asString()).isEqualTo("fake");

            int handle = join(client.wsCreate(server.wsBaseUrl() + "/test/ws/echo", null, null, null));
            join(client.wsSend(handle, "hi".getBytes(StandardCharsets.UTF_8)));
            BiliWsMessage echo = join(client.wsRecv(handle));
            assertThat(echo.type()).isEqualTo(BiliWsMsgType.BINARY);
            assertThat(echo.text()).isEqualTo("hi");
            ReactorWsConnection connection = client.liveWebSockets().iterator().next();

            // one pool, one loop group: HTTP responses and WebSocket frames arrive on this client's own threads
            assertThat(httpThreads).isNotEmpty().allSatisfy(name -> assertThat(name).startsWith(prefix));
            assertThat(connection.lastTransportThread().getName()).startsWith(prefix);
            assertThat(client.ownConnectionProvider()).isNotNull();
            assertThat(threadsNamed(prefix)).isNotEmpty();
            join(client.wsClose(handle));
        } finally {
            client.close();
        }
        await().atMost(WAIT).until(() -> threadsNamed(prefix).isEmpty());
        assertThat(client.liveWebSockets()).isEmpty();
        assertThatThrownBy(() -> client.request(BiliApiRequest.get(server.httpBaseUrl() + "/test/json").build()))
                .isInstanceOf(IllegalStateException.class);
    }

    /**
     * Calls started off the event loops (an application thread) open their connections on every loop of the group,
     * not on one: arming a call's deadline must not step the group's round robin that new connections take their
     * loop from.
     */
    @Test
    void connectionsOpenedFromAnApplicationThreadSpreadOverEveryLoop() throws Exception {
        int loops = WebClientBiliApiClient.ownLoopCount();
        try (BiliApiClient client = created(ClientSettings.DEFAULTS, null)) {
            get(client, "/test/json"); // one pooled connection already, as after any earlier call
            List<String> completedOn = new CopyOnWriteArrayList<>();
            List<java.util.concurrent.CompletableFuture<?>> calls = new java.util.ArrayList<>();
            for (int i = 0; i < 4 * loops; i++) {
                // held by the fake long enough that each call needs a connection of its own
                calls.add(client.request(BiliApiRequest.get(server.httpBaseUrl() + "/test/delay?ms=300").build())
                        .thenRun(() -> completedOn.add(Thread.currentThread().getName())));
            }
            for (java.util.concurrent.CompletableFuture<?> call : calls) {
                join(call);
            }
            // a call completes on the loop its connection belongs to
            assertThat(completedOn.stream().distinct().count()).as("loops that carried a connection: %s", completedOn)
                    .isEqualTo(loops);
        }
    }

    @Test
    void webSocketsAreNotCappedByTheHttpPoolAndAreClosedWithTheClient() throws Exception {
        int httpLimit = 2;
        try (FakeBilibiliServer own = FakeBilibiliServer.start()) {
            // the handshake timeout makes a WebSocket waiting for a pool slot fail instead of hanging
            WebClientBiliApiClient client = WebClientBiliApiClient.create(
                    ClientSettings.DEFAULTS.withTimeout(Duration.ofSeconds(10)), null,
                    io.github.bilibiliapi.client.internal.ProxyResolver::new, httpLimit);
            String prefix = client.resourceName() + "-";
            List<Integer> handles = new java.util.ArrayList<>();
            try {
                for (int i = 0; i <= httpLimit; i++) {
                    handles.add(join(client.wsCreate(own.wsBaseUrl() + "/test/ws/echo", null, null, null)));
                }
                // all the HTTP pool's connections are still free: as many requests at once as it allows
                List<java.util.concurrent.CompletableFuture<BiliApiResponse>> calls = new java.util.ArrayList<>();
                for (int i = 0; i < httpLimit; i++) {
                    calls.add(client.request(BiliApiRequest.get(own.httpBaseUrl() + "/test/json").build()));
                }
                for (var call : calls) {
                    assertThat(join(call).code()).isEqualTo(200);
                }
                for (int i = 0; i < handles.size(); i++) {
                    join(client.wsSend(handles.get(i), new byte[] {(byte) i}));
                    assertThat(join(client.wsRecv(handles.get(i))).data()).containsExactly(i);
                }
                assertThat(client.liveWebSockets()).hasSize(httpLimit + 1);
                assertThat(client.ownConnectionProvider().maxConnections()).isEqualTo(httpLimit);

                join(client.wsClose(handles.get(0))); // one closed by its user, the others by close()
                await().atMost(WAIT).until(() -> client.liveWebSockets().size() == httpLimit);
            } finally {
                client.close();
            }
            assertThat(client.liveWebSockets()).isEmpty();
            assertThat(client.ownConnectionProvider().isDisposed()).isTrue();
            await().atMost(WAIT).until(() -> own.openConnections() == 0);
            await().atMost(WAIT).until(() -> threadsNamed(prefix).isEmpty());
        }
    }

    @Test
    void wrongSessionTypeIsRejectedNamingTheAcceptedOnes() {
        assertThatThrownBy(() -> WebClientBiliApiClient.create(ClientSettings.DEFAULTS, "not a session"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(WebClient.class.getName())
                .hasMessageContaining("WebClient$Builder")
                .hasMessageContaining(HttpClient.class.getName())
                .hasMessageContaining("java.lang.String");
    }

    @Test
    void userWebClientIsUsedAsIsAndNotDisposed() throws Exception {
        ConnectionProvider userPool = ConnectionProvider.create("user-wc-pool", 4);
        LoopResources userLoops = LoopResources.create("user-wc-loop", 1, true);
        try (ForwardProxyServer proxy = ForwardProxyServer.start()) {
            WebClient user = WebClient.builder()
                    .clientConnector(new org.springframework.http.client.reactive.ReactorClientHttpConnector(
                            HttpClient.create(userPool).runOn(userLoops)))
                    .defaultHeader("X-User", "yes")
                    .build();
            WebClientBiliApiClient client = created(
                    ClientSettings.DEFAULTS.withProxy(proxy.proxyUrl()), user);
            assertThat(client.getWrappedSession()).isSameAs(user);
            JsonNode echo = get(client, "/test/echo").json();
            assertThat(echo.path("headers").path("x-user").get(0).asString()).isEqualTo("yes");
            assertThat(proxy.forwardedCount() + proxy.tunnelCount()).isZero(); // as is: no proxy yet

            // WebSockets cannot use the WebClient's hidden pool: they run on the client's own resources, built
            // from the settings (there is no user session to use as is for them), so through the proxy
            int handle = join(client.wsCreate(server.wsBaseUrl() + "/test/ws/echo", null, null, null));
            join(client.wsSend(handle, new byte[] {1, 2, 3}));
            assertThat(join(client.wsRecv(handle)).data()).containsExactly(1, 2, 3);
            assertThat(client.liveWebSockets().iterator().next().lastTransportThread().getName())
                    .startsWith(client.resourceName() + "-");
            join(client.wsClose(handle));
            assertThat(proxy.tunnelCount()).isEqualTo(1);

            // a setting changes: the derived WebClient keeps the user's filters and goes through the proxy
            client.setTimeout(Duration.ofSeconds(15));
            assertThat(client.getWrappedSession()).isNotSameAs(user);
            echo = get(client, "/test/echo").json();
            assertThat(echo.path("headers").path("x-user").get(0).asString()).isEqualTo("yes");
            assertThat(proxy.forwardedCount() + proxy.tunnelCount()).isEqualTo(2);

            client.close();
            // the user's WebClient and its resources still work
            assertThat(user.get().uri(server.httpBaseUrl() + "/test/json").retrieve().bodyToMono(String.class)
                    .block(WAIT)).contains("fake");
            assertThat(threadsNamed("user-wc-loop")).isNotEmpty();
        } finally {
            userPool.disposeLater().block(WAIT);
            userLoops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(WAIT);
        }
    }

    @Test
    void userHttpClientSharesItsPoolWithWebSocketsAndIsNotDisposed() throws Exception {
        ConnectionProvider userPool = ConnectionProvider.create("user-hc-pool", 4);
        LoopResources userLoops = LoopResources.create("user-hc-loop", 1, true);
        try {
            HttpClient user = HttpClient.create(userPool).runOn(userLoops);
            WebClientBiliApiClient client = created(ClientSettings.DEFAULTS, user);
            assertThat(client.getWrappedSession()).isInstanceOf(WebClient.class);
            assertThat(get(client, "/test/json").code()).isEqualTo(200);

            int handle = join(client.wsCreate(server.wsBaseUrl() + "/test/ws/echo", null, null, null));
            join(client.wsSend(handle, new byte[] {9}));
            assertThat(join(client.wsRecv(handle)).data()).containsExactly(9);
            assertThat(client.liveWebSockets().iterator().next().lastTransportThread().getName())
                    .startsWith("user-hc-loop");
            join(client.wsClose(handle));

            // settings derive from the user's client: still the user's loops, nothing of our own is created
            client.setTimeout(Duration.ofSeconds(12));
            assertThat(get(client, "/test/json").code()).isEqualTo(200);
            assertThat(client.ownConnectionProvider()).isNull();
            client.close();

            assertThat(threadsNamed("user-hc-loop")).isNotEmpty();
            assertThat(user.get().uri(server.httpBaseUrl() + "/test/json").responseContent().aggregate()
                    .asString().block(WAIT)).contains("fake");
        } finally {
            userPool.disposeLater().block(WAIT);
            userLoops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(WAIT);
        }
    }

    @Test
    void builderIsATemplateWhoseFiltersAreKeptOverOurOwnPool() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        WebClient.Builder builder = WebClient.builder().defaultHeader("X-Builder", "1")
                .filter(ExchangeFilterFunction.ofRequestProcessor(r -> {
                    seen.add(r.url().getPath());
                    return Mono.just(r);
                }));
        WebClientBiliApiClient client = created(ClientSettings.DEFAULTS, builder);
        try {
            assertThat(client.getWrappedSession()).isInstanceOf(WebClient.class);
            JsonNode echo = get(client, "/test/echo").json();
            assertThat(echo.path("headers").path("x-builder").get(0).asString()).isEqualTo("1");
            assertThat(seen).containsExactly("/test/echo");
            assertThat(client.ownConnectionProvider()).isNotNull();
        } finally {
            client.close();
        }
        // the user's builder was cloned, not changed: it still builds a plain WebClient that works
        assertThat(builder.build().get().uri(server.httpBaseUrl() + "/test/json").retrieve()
                .bodyToMono(String.class).block(WAIT)).contains("fake");
    }

    @Test
    void sixteenMebibyteFrameIsReceived() throws Exception {
        int size = 16 * 1024 * 1024;
        try (BiliApiClient client = WebClientBiliApiClient.create(ClientSettings.DEFAULTS, null)) {
            int handle = join(client.wsCreate(server.wsBaseUrl() + "/test/ws/push",
                    Map.of("n", "2", "size", String.valueOf(size)), null, null));
            for (int k = 0; k < 2; k++) {
                BiliWsMessage message = join(client.wsRecv(handle));
                assertThat(message.type()).isEqualTo(BiliWsMsgType.BINARY);
                assertThat(message.data()).hasSize(size);
                byte expected = (byte) k;
                assertThat(message.data()[0]).isEqualTo(expected);
                assertThat(message.data()[size - 1]).isEqualTo(expected);
            }
            join(client.wsClose(handle));
        }
    }

    @Test
    void aConsumerThatDoesNotReceiveHoldsTheSenderBack() throws Exception {
        int frames = 5_000;
        try (WebClientBiliApiClient client = created(ClientSettings.DEFAULTS, null)) {
            int handle = join(client.wsCreate(server.wsBaseUrl() + "/test/ws/push",
                    Map.of("n", String.valueOf(frames), "size", "1024"), null, null));
            ReactorWsConnection connection = client.liveWebSockets().iterator().next();
            // nobody calls wsRecv: nothing is delivered, nothing piles up in the inbox, for as long as we look
            await().during(Duration.ofMillis(700)).atMost(WAIT)
                    .until(() -> connection.deliveredFrames() == 0 && connection.inbox().bufferedCount() == 0);

            int maxBuffered = 0;
            for (int k = 0; k < frames; k++) {
                BiliWsMessage message = join(client.wsRecv(handle));
                assertThat(message.data()).hasSize(1024);
                assertThat(message.data()[0]).isEqualTo((byte) k);
                maxBuffered = Math.max(maxBuffered, connection.inbox().bufferedCount());
                // one frame per wsRecv: the transport never runs ahead of the consumer
                assertThat(connection.deliveredFrames()).isEqualTo(k + 1);
            }
            assertThat(maxBuffered).isLessThanOrEqualTo(1);
            join(client.wsClose(handle));
        }
    }

    @Test
    void proxyFromTheEnvironmentIsChosenPerUrl() throws Exception {
        try (ForwardProxyServer proxy = ForwardProxyServer.start()) {
            Map<String, String> env = Map.of("http_proxy", proxy.proxyUrl(), "no_proxy", "localhost");
            try (WebClientBiliApiClient client = WebClientBiliApiClient.create(ClientSettings.DEFAULTS, null,
                    s -> new io.github.bilibiliapi.client.internal.ProxyResolver(s, env::get, new Properties()),
                    WebClientBiliApiClient.MAX_CONNECTIONS_PER_HOST)) {
                // 127.0.0.1 is not in no_proxy: through the proxy
                assertThat(get(client, "/test/json").code()).isEqualTo(200);
                assertThat(proxy.forwardedCount() + proxy.tunnelCount()).isEqualTo(1);
                // same server by a name no_proxy lists: direct
                BiliApiResponse direct = join(client.request(BiliApiRequest
                        .get("http://localhost:" + server.port() + "/test/json").build()));
                assertThat(direct.code()).isEqualTo(200);
                assertThat(proxy.forwardedCount() + proxy.tunnelCount()).isEqualTo(1);
                // https has no proxy in this environment: the self-signed certificate is reached directly
                client.setVerifySsl(false);
                BiliApiResponse tls = join(client.request(BiliApiRequest.get(server.httpsBaseUrl() + "/test/json")
                        .build()));
                assertThat(tls.code()).isEqualTo(200);
                assertThat(proxy.forwardedCount() + proxy.tunnelCount()).isEqualTo(1);
            }
        }
    }

    @Test
    void aTunnelRefusedByTheProxyFailsClearlyWithoutTheCredentials() throws Exception {
        try (ForwardProxyServer proxy = ForwardProxyServer.start().requireCredentials("bili", "p@ss")) {
            String wrong = proxy.proxyUrl().replace("://", "://bili:wr0ng@");
            try (BiliApiClient client = WebClientBiliApiClient.create(
                    ClientSettings.DEFAULTS.withProxy(wrong).withVerifySsl(false), null)) {
                // plain http is forwarded: the 407 is a response
                assertThat(get(client, "/test/json").code()).isEqualTo(407);
                // https is tunnelled: a refused CONNECT fails the call, naming the status, never the password
                assertThatThrownBy(() -> join(client.request(BiliApiRequest
                        .get(server.httpsBaseUrl() + "/test/json").build())))
                        .hasCauseInstanceOf(BiliClientException.class)
                        .hasMessageContaining("407")
                        .hasMessageNotContaining("wr0ng");
                assertThatThrownBy(() -> join(client.wsCreate(server.wsBaseUrl() + "/test/ws/echo", null, null,
                        null)))
                        .hasCauseInstanceOf(BiliClientException.class)
                        .hasMessageNotContaining("wr0ng");
            }
        }
    }

    @Test
    void httpsProxyIsReachedOverTls() throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(TestCertificate.keyStore(), TestCertificate.PASSWORD.toCharArray());
        SslContext serverTls = SslContextBuilder.forServer(keys).build();
        LoopResources frontLoops = LoopResources.create("tls-front", 1, true);
        try (ForwardProxyServer proxy = ForwardProxyServer.start()) {
            // a TLS front for the plain proxy: what an https:// proxy URL points at
            DisposableServer front = TcpServer.create().host("127.0.0.1").port(0).runOn(frontLoops)
                    .secure(spec -> spec.sslContext(serverTls))
                    .handle((in, out) -> TcpClient.create(ConnectionProvider.newConnection()).runOn(frontLoops)
                            .host(proxy.host()).port(proxy.port()).connect()
                            .flatMap(upstream -> Mono.when(
                                    upstream.outbound().send(in.receive().retain()).then(),
                                    out.send(upstream.inbound().receive().retain()).then())
                                    .doFinally(signal -> upstream.dispose())))
                    .bindNow();
            try (BiliApiClient client = WebClientBiliApiClient.create(ClientSettings.DEFAULTS
                    .withProxy("https://127.0.0.1:" + front.port()).withVerifySsl(false), null)) {
                assertThat(get(client, "/test/json").code()).isEqualTo(200);
                assertThat(proxy.forwardedCount()).isEqualTo(1);
                assertThat(join(client.request(BiliApiRequest.get(server.httpsBaseUrl() + "/test/json").build()))
                        .code()).isEqualTo(200);
                assertThat(proxy.tunnelCount()).isEqualTo(1);
                int handle = join(client.wsCreate(server.wsBaseUrl() + "/test/ws/echo", null, null, null));
                join(client.wsSend(handle, new byte[] {7}));
                assertThat(join(client.wsRecv(handle)).data()).containsExactly(7);
                join(client.wsClose(handle));
                assertThat(proxy.tunnelCount()).isEqualTo(2);

                // verifying the proxy's certificate: the self-signed one is refused, nothing reaches the proxy
                client.setVerifySsl(true);
                assertThatThrownBy(() -> get(client, "/test/json")).hasCauseInstanceOf(BiliClientException.class);
                assertThat(proxy.forwardedCount()).isEqualTo(1);
            } finally {
                front.disposeNow();
            }
        } finally {
            frontLoops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(WAIT);
        }
    }

    @Test
    void socksProxyWithCredentialsIsAccepted() {
        try (BiliApiClient client = WebClientBiliApiClient.create(
                ClientSettings.DEFAULTS.withProxy("socks5://user:pw@127.0.0.1:1080"), null)) {
            assertThat(client.settings().proxy()).startsWith("socks5://");
            client.setProxy("socks5://other:pw2@127.0.0.1:1081");
            assertThat(client.settings().proxy()).contains("1081");
        }
    }

    @Test
    void redirectsFollowBrowserMethodRulesAndKeepCookiesOnTheSameHostOnly() throws Exception {
        try (BiliApiClient client = WebClientBiliApiClient.create(ClientSettings.DEFAULTS, null)) {
            // 303 turns a POST into a GET without body
            JsonNode seeOther = join(client.request(BiliApiRequest.post(server.httpBaseUrl() + "/test/redirect")
                    .param("status", "303").param("to", "/test/echo?hop=303").form(Map.of("a", "1"))
                    .cookie("SESSDATA", "s").allowRedirects(true).build())).json();
            assertThat(seeOther.path("method").asString()).isEqualTo("GET");
            assertThat(seeOther.path("bodyLength").asLong()).isZero();
            assertThat(seeOther.path("cookies").path("SESSDATA").asString()).isEqualTo("s");

            // 307 repeats the method and the body
            BiliApiResponse temporary = join(client.request(BiliApiRequest.post(server.httpBaseUrl()
                    + "/test/redirect").param("status", "307").param("to", "/test/echo?hop=307")
                    .form(Map.of("a", "1")).allowRedirects(true).build()));
            assertThat(temporary.url()).isEqualTo(server.httpBaseUrl() + "/test/echo?hop=307");
            assertThat(temporary.json().path("method").asString()).isEqualTo("POST");
            assertThat(temporary.json().path("bodyText").asString()).isEqualTo("a=1");

            // another host name: the cookies stay behind
            String otherHost = "http://localhost:" + server.port() + "/test/echo?hop=host";
            JsonNode elsewhere = join(client.request(BiliApiRequest.get(server.httpBaseUrl() + "/test/redirect")
                    .param("to", otherHost).cookie("SESSDATA", "s").allowRedirects(true).build())).json();
            assertThat(elsewhere.path("rawQuery").asString()).isEqualTo("hop=host");
            assertThat(elsewhere.path("cookies").has("SESSDATA")).isFalse();
        }
    }

    @Test
    void anIdleWebSocketOutlivesTheTimeout() throws Exception {
        // the timeout bounds the handshake, not the life of the socket: danmaku connections idle between heartbeats
        try (WebClientBiliApiClient client = created(ClientSettings.DEFAULTS, null)) {
            // warm up with the default timeout: a cold JVM's first handshake may exceed a short one
            join(client.wsClose(join(client.wsCreate(server.wsBaseUrl() + "/test/ws/echo", null, null, null))));
            client.setTimeout(Duration.ofMillis(800));
            int handle = join(client.wsCreate(server.wsBaseUrl() + "/test/ws/echo", null, null, null));
            ReactorWsConnection connection = client.liveWebSockets().iterator().next();
            await().during(Duration.ofMillis(2_500)).atMost(WAIT).until(() -> connection.inbox().isOpen());
            join(client.wsSend(handle, new byte[] {4, 2}));
            assertThat(join(client.wsRecv(handle)).data()).containsExactly(4, 2);
            join(client.wsClose(handle));
        }
    }

    /** A 64 MiB file uploaded by a JVM with a 32 MiB heap: the body is streamed from disk, never held whole. */
    @Test
    void multipartIsStreamedFromDisk(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("big.mp4");
        byte[] block = new byte[1024 * 1024];
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < 64; i++) {
                Arrays.fill(block, (byte) i);
                out.write(block);
                sha256.update(block);
            }
        }
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m", "-cp", System.getProperty("java.class.path"),
                MultipartProbe.class.getName(), server.httpBaseUrl() + "/test/echo", file.toString());
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (InputStream in = child.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(child.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        assertThat(output).contains("status=200")
                .contains("\"sha256\":\"" + HexFormat.of().formatHex(sha256.digest()) + "\"")
                .contains("\"size\":" + 64 * 1024 * 1024).contains("\"filename\":\"big.mp4\"");
    }

    @Test
    void largeJsonBodiesAreRead() throws Exception {
        int size = 20 * 1024 * 1024; // above the 256 KiB codec default and below our cap
        try (BiliApiClient client = WebClientBiliApiClient.create(ClientSettings.DEFAULTS, null)) {
            BiliApiResponse response = get(client, "/test/bytes?n=" + size);
            assertThat(response.raw()).hasSize(size);
            assertThat(response.raw()[size - 1]).isEqualTo((byte) (size - 1));
        }
    }
}
