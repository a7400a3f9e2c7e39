package io.github.bilibiliapi.client.jdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiClients;
import io.github.bilibiliapi.client.BiliApiRequest;
import io.github.bilibiliapi.client.BiliApiResponse;
import io.github.bilibiliapi.client.BiliClientException;
import io.github.bilibiliapi.client.BiliTimeoutException;
import io.github.bilibiliapi.client.BiliWsMessage;
import io.github.bilibiliapi.client.BiliWsMsgType;
import io.github.bilibiliapi.client.ClientSettings;
import io.github.bilibiliapi.test.FakeBilibiliServer;
import io.github.bilibiliapi.test.Fault;
import io.github.bilibiliapi.test.ForwardProxyServer;
import io.github.bilibiliapi.test.HttpTestModule;
import io.github.bilibiliapi.test.TestCertificate;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * What only the JDK backend has to prove, beyond the conformance kit: its {@code java.net.http} limits are turned into
 * clear errors before any I/O, proxy credentials travel as a header, partial WebSocket deliveries are assembled, sends
 * are chained, derived clients keep the user's executor, and close() ends our threads. Real sockets throughout.
 */
class JdkBackendSpecificTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final ClientSettings DIRECT = ClientSettings.DEFAULTS.withTrustEnv(false)
            .withTimeout(Duration.ofSeconds(20));

    private static FakeBilibiliServer server;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeAll
    static void startServer() {
        server = FakeBilibiliServer.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void reset() {
        server.clearScripts();
    }

    @AfterEach
    void closeAll() throws Exception {
        for (int i = toClose.size() - 1; i >= 0; i--) {
            toClose.get(i).close();
        }
    }

    private <T extends AutoCloseable> T closeLater(T closeable) {
        toClose.add(closeable);
        return closeable;
    }

    private JdkBiliApiClient client(ClientSettings settings) {
        return closeLater((JdkBiliApiClient) JdkBiliApiClient.create(settings, null));
    }

    private static <T> T join(CompletableFuture<T> future) throws Exception {
        return future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    private static Throwable failureOf(CompletableFuture<?> future) {
        try {
            future.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError("expected the future to fail, got " + e, e);
        }
        throw new AssertionError("expected the future to fail, it succeeded");
    }

    // --- proxies

    @Test
    void socksProxyIsRejectedWhenSetBeforeAnyIo() throws Exception {
        long before = server.totalRequests();
        assertThatThrownBy(() -> JdkBiliApiClient.create(DIRECT.withProxy("socks5://u:secret@127.0.0.1:1080"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("SOCKS")
                .hasMessageNotContaining("secret");

        JdkBiliApiClient client = client(DIRECT);
        assertThatThrownBy(() -> client.setProxy("socks5://127.0.0.1:1080"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot use a SOCKS proxy");
        // the rejected setting changed nothing: still direct, still the first session
        assertThat(client.settings()).isEqualTo(DIRECT);
        assertThat(server.totalRequests()).isEqualTo(before);
        assertThat(join(client.request(BiliApiRequest.get(server.httpBaseUrl() + "/test/json").build())).code())
                .isEqualTo(200);
    }

    @Test
    void aRegistryKeepsItsSettingsWhenTheLiveJdkClientRefusesAProxy() throws Exception {
        try (BiliApiClients registry = BiliApiClients.empty().register("jdk", JdkBiliApiClient::create)) {
            registry.select("jdk").setTrustEnv(false);
            BiliApiClient client = registry.get();
            assertThatThrownBy(() -> registry.setProxy("socks5://127.0.0.1:1080"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SOCKS");
            assertThat(registry.settings().proxy()).isEmpty();
            assertThat(client.settings().proxy()).isEmpty();
            assertThat(registry.get()).isSameAs(client);
            assertThat(join(client.request(BiliApiRequest.get(server.httpBaseUrl() + "/test/json").build())).code())
                    .isEqualTo(200);
        }
    }

    @Test
    void httpsProxyUrlIsRejectedWhenSet() {
        assertThatThrownBy(() -> JdkBiliApiClient.create(DIRECT.withProxy("https://127.0.0.1:8443"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot speak TLS to a proxy");
        JdkBiliApiClient client = client(DIRECT);
        assertThatThrownBy(() -> client.setProxy("https://127.0.0.1:8443"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(client.settings().proxy()).isEmpty();
    }

    @Test
    void socksProxyFromJvmPropertiesFailsTheRequestBeforeAnyIo() throws Exception {
        JdkBiliApiClient client = client(ClientSettings.DEFAULTS.withTrustEnv(true));
        long before = server.totalRequests();
        String previousHost = System.getProperty("socksProxyHost");
        String previousPort = System.getProperty("socksProxyPort");
        System.setProperty("socksProxyHost", "127.0.0.1");
        System.setProperty("socksProxyPort", "1");
        try {
            Throwable failure = failureOf(client.request(BiliApiRequest.get(server.httpBaseUrl() + "/test/json")
                    .param("sign", "abc").build()));
            assertThat(failure).isInstanceOf(BiliClientException.class)
                    .hasMessageContaining("SOCKS")
                    .hasMessageContaining("environment")
                    .hasMessageContaining("/test/json")
                    .hasMessageNotContaining("sign=");
            assertThat(failureOf(client.wsCreate(server.wsBaseUrl() + "/test/ws/echo", Map.of(), Map.of(), Map.of())))
                    .isInstanceOf(BiliClientException.class).hasMessageContaining("SOCKS");
        } finally {
            restore("socksProxyHost", previousHost);
            restore("socksProxyPort", previousPort);
        }
        assertThat(server.totalRequests()).isEqualTo(before);
    }

    private static void restore(String name, String value) {
        if (value == null) {
            System.clearProperty(name);
        } else {
            System.setProperty(name, value);
        }
    }

    @Test
    void proxyCredentialsReachTheForwardProxyAsAHeader() throws Exception {
        ForwardProxyServer proxy = closeLater(ForwardProxyServer.start()).requireCredentials("bili", "p@ss word");
        String url = server.httpBaseUrl() + "/test/echo";

        JdkBiliApiClient anonymous = client(DIRECT.withProxy(proxy.proxyUrl()));
        assertThat(join(anonymous.request(BiliApiRequest.get(url).build())).code()).isEqualTo(407);

        JdkBiliApiClient client = client(DIRECT.withProxy(
                "http://bili:p%40ss%20word@127.0.0.1:" + proxy.port()));
        BiliApiResponse response = join(client.request(BiliApiRequest.get(url).header("X-Probe", "1").build()));
        assertThat(response.code()).isEqualTo(200);
        assertThat(proxy.forwardedCount()).isEqualTo(1);
        JsonNode headers = response.json().get("headers");
        assertThat(headers.toString()).containsIgnoringCase("x-probe").doesNotContainIgnoringCase("proxy-authorization");
    }

    /**
     * Documents a JDK limit: {@code jdk.http.auth.tunneling.disabledSchemes} defaults to {@code Basic}, so the JDK
     * strips our {@code Proxy-Authorization: Basic} header from the CONNECT of an HTTPS target and the proxy refuses the
     * tunnel; the JDK hands the 407 back as the response. Core's test JVM runs with the property emptied (so the kit
     * passes), hence a fresh JVM with the JDK's defaults; and with it emptied, this JVM gets through.
     */
    @Test
    void withJdkDefaultsBasicCredentialsAreDroppedFromConnect() throws Exception {
        ForwardProxyServer proxy = closeLater(ForwardProxyServer.start()).requireCredentials("bili", "pw");
        String proxyUrl = "http://bili:pw@127.0.0.1:" + proxy.port();
        String target = server.httpsBaseUrl() + "/test/json";

        String output = runProbe(TunnelAuthProbe.class, "-Xmx128m", proxyUrl, target);
        assertThat(output).contains("disabledSchemes=null status=407");
        assertThat(proxy.tunnelCount()).isZero();

        if ("".equals(System.getProperty("jdk.http.auth.tunneling.disabledSchemes"))) {
            JdkBiliApiClient client = client(DIRECT.withVerifySsl(false).withProxy(proxyUrl));
            assertThat(join(client.request(BiliApiRequest.get(target).build())).code()).isEqualTo(200);
            assertThat(proxy.tunnelCount()).isEqualTo(1);
        }
    }

    // --- multipart

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
        String output = runProbe(MultipartProbe.class, "-Xmx32m", server.httpBaseUrl() + "/test/echo",
                file.toString());
        assertThat(output).contains("status=200").contains("\"sha256\":\"" + HexFormat.of().formatHex(sha256.digest())
                + "\"").contains("\"size\":" + 64 * 1024 * 1024).contains("\"filename\":\"big.mp4\"");
    }

    private static String runProbe(Class<?> main, String heap, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), heap, "-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output;
        try (InputStream in = child.getInputStream()) {
            output = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(child.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).as(output).isZero();
        return output;
    }

    // --- WebSocket

    @Test
    void largeFramesDeliveredInPartsAreAssembled() throws Exception {
        int size = 3 * 1024 * 1024;
        // precondition: the JDK does deliver such a frame in several parts
        AtomicInteger parts = new AtomicInteger();
        CountDownLatch whole = new CountDownLatch(1);
        HttpClient raw = HttpClient.newHttpClient();
        WebSocket probe = raw.newWebSocketBuilder().buildAsync(URI.create(server.wsBaseUrl()
                + "/test/ws/push?n=1&size=" + size), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
                        parts.incrementAndGet();
                        if (last) {
                            whole.countDown();
                        }
                        webSocket.request(1);
                        return null;
                    }
                }).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(whole.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        probe.abort();
        assertThat(parts.get()).isGreaterThan(1);

        JdkBiliApiClient client = client(DIRECT);
        int handle = join(client.wsCreate(server.wsBaseUrl() + "/test/ws/push",
                Map.of("n", "3", "size", String.valueOf(size)), Map.of(), Map.of()));
        for (int k = 0; k < 3; k++) {
            BiliWsMessage message = join(client.wsRecv(handle));
            assertThat(message.type()).isEqualTo(BiliWsMsgType.BINARY);
            assertThat(message.data()).hasSize(size);
            byte expected = (byte) k;
            assertThat(allEqual(message.data(), expected)).as("frame %d filled with %d", k, k).isTrue();
        }
        join(client.wsClose(handle));
        assertThat(client.openWebSockets()).isZero();
    }

    private static boolean allEqual(byte[] data, byte value) {
        for (byte b : data) {
            if (b != value) {
                return false;
            }
        }
        return true;
    }

    @Test
    void fragmentedMessagesAreAssembledAndPingsSurfaceAndAreAnswered() throws Exception {
        byte[] text = "弹幕abc!".getBytes(StandardCharsets.UTF_8);
        RawWebSocketPeer peer = closeLater(new RawWebSocketPeer(List.of(
                new RawWebSocketPeer.Frame(true, 0x9, bytes("hi")),
                // a text message in three frames, the first cut inside a 3-byte character
                new RawWebSocketPeer.Frame(false, 0x1, Arrays.copyOfRange(text, 0, 2)),
                new RawWebSocketPeer.Frame(false, 0x0, Arrays.copyOfRange(text, 2, 7)),
                new RawWebSocketPeer.Frame(true, 0x0, Arrays.copyOfRange(text, 7, text.length)),
                // a binary message with a ping between its fragments (control frames may interleave)
                new RawWebSocketPeer.Frame(false, 0x2, new byte[] {1, 2}),
                new RawWebSocketPeer.Frame(true, 0x9, bytes("mid")),
                new RawWebSocketPeer.Frame(true, 0x0, new byte[] {3, 4}),
                new RawWebSocketPeer.Frame(true, 0xA, bytes("unsolicited")))));
        JdkBiliApiClient client = client(DIRECT);
        int handle = join(client.wsCreate(peer.url(), Map.of(), Map.of(), Map.of()));

        BiliWsMessage ping = join(client.wsRecv(handle));
        assertThat(ping.type()).isEqualTo(BiliWsMsgType.PING);
        assertThat(ping.text()).isEqualTo("hi");
        BiliWsMessage message = join(client.wsRecv(handle));
        assertThat(message.type()).isEqualTo(BiliWsMsgType.TEXT);
        assertThat(message.text()).isEqualTo("弹幕abc!");
        BiliWsMessage midPing = join(client.wsRecv(handle));
        assertThat(midPing.type()).isEqualTo(BiliWsMsgType.PING);
        assertThat(midPing.text()).isEqualTo("mid");
        BiliWsMessage binary = join(client.wsRecv(handle));
        assertThat(binary.type()).isEqualTo(BiliWsMsgType.BINARY);
        assertThat(binary.data()).containsExactly(1, 2, 3, 4);
        BiliWsMessage pong = join(client.wsRecv(handle));
        assertThat(pong.type()).isEqualTo(BiliWsMsgType.PONG);
        assertThat(pong.text()).isEqualTo("unsolicited");

        // the JDK answered both pings by itself
        List<String> pongs = new ArrayList<>();
        while (pongs.size() < 2) {
            RawWebSocketPeer.Frame f = peer.received().poll(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(f).as("a frame from the client").isNotNull();
            if (f.opcode() == 0xA) {
                pongs.add(new String(f.payload(), StandardCharsets.UTF_8));
            }
        }
        assertThat(pongs).containsExactly("hi", "mid");

        join(client.wsClose(handle));
        RawWebSocketPeer.Frame close = peer.received().poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(close).isNotNull();
        assertThat(close.opcode()).isEqualTo(0x8);
        assertThat(((close.payload()[0] & 0xff) << 8) | (close.payload()[1] & 0xff)).isEqualTo(1000);
        assertThat(client.openWebSockets()).isZero();
    }

    @Test
    void largeTextWithMultiByteCharactersIsAssembled() throws Exception {
        // 2-, 3- and 4-byte UTF-8 sequences: the JDK's parts end inside characters' bytes
        String text = "弹幕é😀abc".repeat(150_000);
        JdkBiliApiClient client = client(DIRECT);
        int handle = join(client.wsCreate(server.wsBaseUrl() + "/test/ws/echo", Map.of("as", "text"), Map.of(),
                Map.of()));
        join(client.wsSend(handle, text.getBytes(StandardCharsets.UTF_8)));
        BiliWsMessage echoed = join(client.wsRecv(handle));
        assertThat(echoed.type()).isEqualTo(BiliWsMsgType.TEXT);
        assertThat(echoed.text()).isEqualTo(text);
        join(client.wsClose(handle));
    }

    /** The JDK opens WebSockets through an HTTP proxy with CONNECT, for ws:// as for wss://. */
    @Test
    void plainWebSocketsThroughAnHttpProxyAreTunnelled() throws Exception {
        ForwardProxyServer proxy = closeLater(ForwardProxyServer.start());
        JdkBiliApiClient client = client(DIRECT.withProxy(proxy.proxyUrl()));
        int handle = join(client.wsCreate(server.wsBaseUrl() + "/test/ws/echo", Map.of(), Map.of(), Map.of()));
        join(client.wsSend(handle, bytes("via proxy")));
        assertThat(join(client.wsRecv(handle)).text()).isEqualTo("via proxy");
        join(client.wsClose(handle));
        assertThat(proxy.tunnelCount()).isEqualTo(1);
        assertThat(proxy.forwardedCount()).isZero();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aMessageOverTheLimitFailsTheReceiveClearly() throws Exception {
        JdkBiliApiClient client = closeLater(JdkBiliApiClient.create(DIRECT, null, 1024 * 1024));
        int handle = join(client.wsCreate(server.wsBaseUrl() + "/test/ws/push",
                Map.of("n", "1", "size", String.valueOf(2 * 1024 * 1024)), Map.of(), Map.of()));
        Throwable failure = failureOf(client.wsRecv(handle));
        assertThat(failure).isInstanceOf(BiliClientException.class)
                .hasMessageContaining("exceeds 1048576 bytes");
        assertThat(join(client.wsRecv(handle)).type()).isEqualTo(BiliWsMsgType.CLOSED);
        join(client.wsClose(handle));
        assertThat(client.openWebSockets()).isZero();
    }

    @Test
    void concurrentSendsFromEightThreadsAllArrive() throws Exception {
        int threads = 8;
        int perThread = 100;
        JdkBiliApiClient client = client(DIRECT);
        int handle = join(client.wsCreate(server.wsBaseUrl() + "/test/ws/echo", Map.of(), Map.of(), Map.of()));
        ExecutorService senders = Executors.newFixedThreadPool(threads);
        toClose.add(senders::shutdownNow);
        CountDownLatch start = new CountDownLatch(1);
        List<CompletableFuture<Void>> sends = new CopyOnWriteArrayList<>();
        List<java.util.concurrent.Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(senders.submit(() -> {
                start.await();
                for (int i = 0; i < perThread; i++) {
                    sends.add(client.wsSend(handle, ("t" + thread + "-" + i).getBytes(StandardCharsets.UTF_8)));
                }
                return null;
            }));
        }
        start.countDown();
        for (java.util.concurrent.Future<?> f : done) {
            f.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);

        Set<String> received = new HashSet<>();
        for (int i = 0; i < threads * perThread; i++) {
            received.add(join(client.wsRecv(handle)).text());
        }
        Set<String> expected = new HashSet<>();
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                expected.add("t" + t + "-" + i);
            }
        }
        assertThat(received).isEqualTo(expected);
        join(client.wsClose(handle));
    }

    // --- sessions, executors, threads

    @Test
    void aDerivedClientKeepsTheUsersExecutorAndTheUsersClientIsNeverShutDown() throws Exception {
        AtomicInteger n = new AtomicInteger();
        ExecutorService userExecutor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "user-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        toClose.add(userExecutor::shutdownNow);
        HttpClient user = HttpClient.newBuilder().executor(userExecutor).build();
        JdkBiliApiClient client = closeLater(JdkBiliApiClient.create(DIRECT, user, JdkBiliApiClient.MAX_MESSAGE_BYTES));
        String url = server.httpBaseUrl() + "/test/json";

        assertThat(client.getWrappedSession()).isSameAs(user);
        assertThat(join(client.request(BiliApiRequest.get(url).build())).code()).isEqualTo(200);
        // a redirect-following variant of the user's client is derived for this request, on the same executor
        assertThat(join(client.request(BiliApiRequest.get(server.httpBaseUrl() + "/test/redirect")
                .param("to", "/test/json").allowRedirects(true).build())).url()).endsWith("/test/json");

        client.setTimeout(Duration.ofSeconds(15));
        HttpClient derived = (HttpClient) client.getWrappedSession();
        assertThat(derived).isNotSameAs(user);
        assertThat(derived.executor()).containsSame(userExecutor);
        assertThat(derived.connectTimeout()).contains(Duration.ofSeconds(15));
        assertThat(join(client.request(BiliApiRequest.get(url).build())).code()).isEqualTo(200);
        assertThat(client.ownedExecutor()).as("no executor of ours was needed").isNull();

        client.close();
        assertThat(userExecutor.isShutdown()).isFalse();
        HttpResponse<String> stillWorks = user.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(stillWorks.statusCode()).isEqualTo(200);
    }

    @Test
    void aUserClientWithoutExecutorIsDerivedOntoOursWhichCloseReleases() throws Exception {
        HttpClient user = HttpClient.newHttpClient();
        JdkBiliApiClient client = closeLater(JdkBiliApiClient.create(DIRECT, user, JdkBiliApiClient.MAX_MESSAGE_BYTES));
        assertThat(client.ownedExecutor()).isNull();
        client.setVerifySsl(true);
        HttpClient derived = (HttpClient) client.getWrappedSession();
        assertThat(derived.executor()).isPresent().containsSame(client.ownedExecutor());
        assertThat(join(client.request(BiliApiRequest.get(server.httpBaseUrl() + "/test/json").build())).code())
                .isEqualTo(200);
        client.close();
        assertThat(client.ownedExecutor().isShutdown()).isTrue();
        assertThat(user.send(HttpRequest.newBuilder(URI.create(server.httpBaseUrl() + "/test/json")).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
    }

    @Test
    void closeEndsOurThreads() throws Exception {
        JdkBiliApiClient client = client(DIRECT);
        String prefix = client.threadNamePrefix();
        assertThat(join(client.request(BiliApiRequest.get(server.httpBaseUrl() + "/test/json").build())).code())
                .isEqualTo(200);
        int handle = join(client.wsCreate(server.wsBaseUrl() + "/test/ws/echo", Map.of(), Map.of(), Map.of()));
        join(client.wsSend(handle, new byte[] {1, 2, 3}));
        assertThat(join(client.wsRecv(handle)).data()).containsExactly(1, 2, 3);
        assertThat(threadsNamed(prefix)).isNotEmpty();

        client.close();
        await().atMost(WAIT).untilAsserted(() -> assertThat(threadsNamed(prefix)).isEmpty());
        assertThatThrownBy(() -> client.request(BiliApiRequest.get(server.httpBaseUrl() + "/test/json").build()))
                .isInstanceOf(IllegalStateException.class);
    }

    /**
     * Java 17's {@code HttpClient} has no close(): its {@code SelectorManager} thread ends once the client is
     * unreachable. After close() we hold no reference to our clients, so with a few GC hints the selector threads they
     * started end too.
     */
    @Test
    void selectorThreadsEndOnceTheClosedClientIsCollected() throws Exception {
        Set<Thread> before = selectorThreads();
        JdkBiliApiClient client = JdkBiliApiClient.create(DIRECT, null, JdkBiliApiClient.MAX_MESSAGE_BYTES);
        assertThat(join(client.request(BiliApiRequest.get(server.httpBaseUrl() + "/test/json").build())).code())
                .isEqualTo(200);
        assertThat(join(client.request(BiliApiRequest.get(server.httpBaseUrl() + "/test/redirect")
                .param("to", "/test/json").allowRedirects(true).build())).code()).isEqualTo(200);
        Set<Thread> ours = selectorThreads();
        ours.removeAll(before);
        // one HttpClient: redirects are followed by the backend itself (to drop credentials across hosts)
        assertThat(ours).as("the client's selector thread").hasSize(1);
        client.close();
        client = null;
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).untilAsserted(() -> {
            System.gc();
            assertThat(ours.stream().filter(Thread::isAlive).map(Thread::getName)).isEmpty();
        });
    }

    private static Set<Thread> selectorThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("HttpClient-") && t.getName().endsWith("-SelectorManager"))
                .collect(Collectors.toCollection(HashSet::new));
    }

    private static List<String> threadsNamed(String prefix) {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(name -> name.startsWith(prefix)).toList();
    }

    // --- timeout

    @Test
    void theTimeoutBoundsTheBodyNotJustTheHeadersAndCancelsTheExchange() throws Exception {
        byte[] body = new byte[40];
        Arrays.fill(body, (byte) 'x');
        // headers at once, then one byte every 250 ms: 10 s for the body
        server.script("/test/bytes", Fault.trickle(body, 1, Duration.ofMillis(250)));
        JdkBiliApiClient client = client(DIRECT.withTimeout(Duration.ofSeconds(1)));
        long start = System.nanoTime();
        Throwable failure = failureOf(client.request(BiliApiRequest.get(server.httpBaseUrl() + "/test/bytes").build()));
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        assertThat(failure).isInstanceOf(BiliTimeoutException.class).hasMessageContaining("/test/bytes");
        assertThat(elapsed).isLessThan(Duration.ofSeconds(5)); // correctness bound: far below the 10 s body
        // the exchange was cancelled: its connection is closed, the server sees no open connection
        await().atMost(WAIT).untilAsserted(() -> assertThat(server.openConnections()).isZero());
    }

    // --- TLS

    /**
     * verifySsl=false turns host name checks off for this client only. The fake's certificate names only
     * {@code 127.0.0.1} and {@code localhost}; a relay on {@code 127.0.0.2} makes the client reach it under another
     * name. A client that trusts the certificate (verification on) fails on the name; our insecure client does not; a
     * verifying client of ours in the same JVM still fails.
     */
    @Test
    void insecureTlsAlsoSkipsHostNameChecksForThisClientOnly() throws Exception {
        TcpRelay relay = closeLater(new TcpRelay(InetAddress.getByName("127.0.0.2"), server.httpsPort()));
        String otherName = "https://127.0.0.2:" + relay.port() + "/test/json";
        String rightName = server.httpsBaseUrl() + "/test/json";
        assertThat(System.getProperty("jdk.internal.httpclient.disableHostnameVerification")).isNull();

        HttpClient trusting = HttpClient.newBuilder().sslContext(TestCertificate.trustingSslContext()).build();
        JdkBiliApiClient verifying = closeLater(JdkBiliApiClient.create(DIRECT, trusting,
                JdkBiliApiClient.MAX_MESSAGE_BYTES));
        assertThat(join(verifying.request(BiliApiRequest.get(rightName).build())).code()).isEqualTo(200);
        assertThat(failureOf(verifying.request(BiliApiRequest.get(otherName).build())))
                .isInstanceOf(BiliClientException.class)
                .hasRootCauseInstanceOf(java.security.cert.CertificateException.class);

        JdkBiliApiClient insecure = client(DIRECT.withVerifySsl(false));
        assertThat(join(insecure.request(BiliApiRequest.get(otherName).build())).code()).isEqualTo(200);
        int handle = join(insecure.wsCreate("wss://127.0.0.2:" + relay.port() + "/test/ws/echo", Map.of(), Map.of(),
                Map.of()));
        join(insecure.wsSend(handle, new byte[] {42}));
        assertThat(join(insecure.wsRecv(handle)).data()).containsExactly(42);
        join(insecure.wsClose(handle));

        JdkBiliApiClient strict = client(DIRECT);
        assertThat(failureOf(strict.request(BiliApiRequest.get(rightName).build())))
                .isInstanceOf(BiliClientException.class);
        // and the derived client of the trusting user session, switched to insecure, accepts the other name too
        verifying.setVerifySsl(false);
        assertThat(join(verifying.request(BiliApiRequest.get(otherName).build())).code()).isEqualTo(200);
        verifying.setVerifySsl(true);
        assertThat(failureOf(verifying.request(BiliApiRequest.get(otherName).build())))
                .isInstanceOf(BiliClientException.class);
        assertThat(join(verifying.request(BiliApiRequest.get(rightName).build())).code()).isEqualTo(200);
    }

    // --- bad input

    @Test
    void headersTheJdkManagesAreRejectedBeforeAnyIo() {
        JdkBiliApiClient client = client(DIRECT);
        long before = server.totalRequests();
        assertThatThrownBy(() -> client.request(BiliApiRequest.get(server.httpBaseUrl() + "/test/echo")
                .header("Host", "www.bilibili.com").build()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Host");
        assertThatThrownBy(() -> JdkBiliApiClient.create(DIRECT, "not a client"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("java.net.http.HttpClient");
        assertThat(server.totalRequests()).isEqualTo(before);
    }

    /** A TCP relay on another loopback address, so a client reaches the fake under a name its certificate lacks. */
    private static final class TcpRelay implements AutoCloseable {
        private final ServerSocket listener;
        private final int targetPort;
        private final List<Socket> sockets = new CopyOnWriteArrayList<>();
        private final Thread acceptor;

        TcpRelay(InetAddress address, int targetPort) throws IOException {
            this.listener = new ServerSocket(0, 50, address);
            this.targetPort = targetPort;
            this.acceptor = new Thread(this::acceptLoop, "test-relay-accept");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        private void acceptLoop() {
            try {
                while (!listener.isClosed()) {
                    Socket in = listener.accept();
                    Socket out = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                    sockets.add(in);
                    sockets.add(out);
                    pump(in, out);
                    pump(out, in);
                }
            } catch (IOException e) {
                // the listener was closed
            }
        }

        private void pump(Socket from, Socket to) {
            Thread t = new Thread(() -> {
                try (InputStream input = from.getInputStream(); OutputStream output = to.getOutputStream()) {
                    input.transferTo(output);
                } catch (IOException e) {
                    // one side closed: close both below
                } finally {
                    closeQuietly(from);
                    closeQuietly(to);
                }
            }, "test-relay-pump");
            t.setDaemon(true);
            t.start();
        }

        private static void closeQuietly(Socket socket) {
            try {
                socket.close();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws Exception {
            listener.close();
            for (Socket s : sockets) {
                s.close();
            }
            acceptor.join(WAIT.toMillis());
        }
    }
}
