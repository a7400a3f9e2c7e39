package io.github.bilibiliapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.github.bilibiliapi.client.support.AbstractBiliApiClient;
import io.github.bilibiliapi.client.support.UriEncoding;
import io.github.bilibiliapi.test.FakeBilibiliServer;
import io.github.bilibiliapi.test.Fault;
import io.github.bilibiliapi.test.ForwardProxyServer;
import io.github.bilibiliapi.test.HttpTestModule;
import io.github.bilibiliapi.test.RecordedRequest;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The backend conformance kit: every {@link BiliApiClient} backend runs these tests unchanged against the fake
 * bilibili ({@link FakeBilibiliServer}) over real loopback sockets. Exported in core's test-jar.
 *
 * <p><b>Hooks.</b> A backend's test extends this class and supplies {@link #factory()} and {@link #newUserSession()};
 * optional hooks: {@link #releaseUserSession(Object)} (free a session made by {@link #newUserSession()}),
 * {@link #libraryThreadNamePrefixes()} (process-wide threads of the HTTP library that no client owns, ignored by the
 * thread leak check), {@link #expectedRawQuery(String)} (a documented, library-imposed re-encoding of the query) and
 * {@link #wsCycles()} (how many WebSocket open/close cycles to run; at least {@value #MIN_WS_CYCLES}; the default,
 * {@value #DEFAULT_WS_CYCLES}, can be raised with {@code -Dbili.conformance.wsCycles=10000} for a longer soak).
 *
 * <p>Clients made with {@link #newClient} and sessions made with {@link #userSession()} are closed after each test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BiliApiClientConformanceTest {

    /**
     * How long the server may take to see a closed connection go away. A leak never gets there; a busy 2-core CI
     * machine (server, client and other test JVMs on the same cores) can take several seconds to run the close.
     */
    private static final Duration SERVER_CLOSE_WAIT = Duration.ofSeconds(30);


    /** Default number of WebSocket open/close cycles. */
    protected static final int DEFAULT_WS_CYCLES = 1_000;
    /** The fewest WebSocket cycles a backend may run. */
    protected static final int MIN_WS_CYCLES = 1_000;
    /** A parameter value with every character class the query encoding must get right. */
    protected static final String TRICKY = "a b+c&d=e/f?g#h%i 中文 !'()*~ -_. émoji😀";

    /** The fake bilibili, started once per test class. */
    protected FakeBilibiliServer server;
    private final List<BiliApiClient> clients = Collections.synchronizedList(new ArrayList<>());
    private final List<Object> sessions = Collections.synchronizedList(new ArrayList<>());
    private final List<ForwardProxyServer> proxies = Collections.synchronizedList(new ArrayList<>());

    @TempDir
    Path tempDir;

    /**
     * The backend's factory.
     *
     * @return the factory under test
     */
    protected abstract BiliApiClientFactory factory();

    /**
     * Creates a plain session of the backend's library with its defaults (for example {@code new OkHttpClient()}),
     * used for the "user session as it is" tests.
     *
     * @return a new session
     */
    protected abstract Object newUserSession();

    /**
     * Releases a session made by {@link #newUserSession()} after the test (the client never shuts it down).
     *
     * @param session the session
     */
    protected void releaseUserSession(Object session) {
    }

    /**
     * Thread name prefixes of process-wide threads that the HTTP library starts and no client owns (for example a
     * shared timer), ignored by the thread leak check. Explain each in the backend's test.
     *
     * @return the prefixes
     */
    protected Set<String> libraryThreadNamePrefixes() {
        return Set.of();
    }

    /**
     * The raw query the server is expected to receive for a query encoded with {@link UriEncoding#encodeQuery}.
     * Byte-identical by default; override only for a documented re-encoding the library imposes.
     *
     * @param encoded the query as encoded
     * @return the query expected on the wire
     */
    protected String expectedRawQuery(String encoded) {
        return encoded;
    }

    /**
     * How many WebSocket open/close cycles {@link #manyWebSocketCyclesLeaveNoHandle()} runs.
     *
     * @return at least {@value #MIN_WS_CYCLES}
     */
    protected int wsCycles() {
        return Integer.getInteger("bili.conformance.wsCycles", DEFAULT_WS_CYCLES);
    }

    @BeforeAll
    void startServer() {
        server = FakeBilibiliServer.start();
    }

    @AfterAll
    void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void resetServer() {
        server.clearScripts();
        server.resetCounters();
    }

    @AfterEach
    void closeClients() {
        List<BiliApiClient> toClose;
        synchronized (clients) {
            toClose = new ArrayList<>(clients);
            clients.clear();
        }
        toClose.forEach(BiliApiClient::close);
        List<Object> toRelease;
        synchronized (sessions) {
            toRelease = new ArrayList<>(sessions);
            sessions.clear();
        }
        toRelease.forEach(this::releaseUserSession);
        synchronized (proxies) {
            proxies.forEach(ForwardProxyServer::close);
            proxies.clear();
        }
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Creates a client closed after the test.
     *
     * @param settings the settings
     * @param session  a user session or {@code null}
     * @return the client
     */
    protected BiliApiClient newClient(ClientSettings settings, Object session) {
        BiliApiClient client = factory().create(settings, session);
        clients.add(client);
        return client;
    }

    /**
     * Creates a client with the default settings, no user session.
     *
     * @return the client
     */
    protected BiliApiClient newClient() {
        return newClient(ClientSettings.DEFAULTS, null);
    }

    /**
     * Creates a user session released after the test.
     *
     * @return the session
     */
    protected Object userSession() {
        Object session = newUserSession();
        sessions.add(session);
        return session;
    }

    /**
     * The plain-HTTP URL of a path on the fake server.
     *
     * @param path a path starting with {@code /}
     * @return the URL
     */
    protected String http(String path) {
        return server.httpBaseUrl() + path;
    }

    /**
     * Waits for a future, unwrapping the {@link CompletionException}.
     *
     * @param future the future
     * @param <T>    the result type
     * @return the result
     */
    protected static <T> T result(CompletableFuture<T> future) {
        try {
            return future.get(60, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no result within 60 s", e);
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }

    private static String sha256(Path file) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        return HexFormat.of().formatHex(d.digest(Files.readAllBytes(file)));
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    // ---------------------------------------------------------------- HTTP

    @Test
    void getSendsParamsEncodedOnceHeadersAndCookies() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("mid", "2");
        params.put("keyword", TRICKY);
        params.put("empty", "");
        params.put("w_rid", "0123abcd");
        BiliApiResponse response = result(newClient().request(BiliApiRequest.get(http("/test/echo?pre=1"))
                .params(params).header("X-Test", "yes").header("Referer", "https://www.bilibili.com/")
                .cookie("SESSDATA", "abc%2C123").cookie("buvid3", "x-y").build()));

        assertThat(response.code()).isEqualTo(200);
        JsonNode echo = response.json();
        assertThat(text(echo, "method")).isEqualTo("GET");
        assertThat(text(echo, "rawQuery")).isEqualTo(expectedRawQuery("pre=1&" + UriEncoding.encodeQuery(params)));
        assertThat(echo.get("query").get("keyword").get(0).asString()).isEqualTo(TRICKY);
        assertThat(echo.get("query").get("empty").get(0).asString()).isEmpty();
        assertThat(echo.get("headers").get("x-test").get(0).asString()).isEqualTo("yes");
        assertThat(echo.get("headers").get("referer").get(0).asString()).isEqualTo("https://www.bilibili.com/");
        assertThat(echo.get("headers").get("cookie")).hasSize(1);
        assertThat(text(echo.get("cookies"), "SESSDATA")).isEqualTo("abc%2C123");
        assertThat(text(echo.get("cookies"), "buvid3")).isEqualTo("x-y");
        assertThat(response.url()).startsWith(http("/test/echo"));
    }

    @Test
    void rawQueryIsByteIdenticalToUriEncoding() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("space", "a b");
        params.put("marks", "!'()*~");
        params.put("cjk", "弹幕");
        params.put("reserved", "&=+/?#%");
        BiliApiResponse response = result(newClient().request(BiliApiRequest.get(http("/test/echo"))
                .params(params).build()));
        assertThat(text(response.json(), "rawQuery")).isEqualTo(expectedRawQuery(UriEncoding.encodeQuery(params)));
        params.forEach((k, v) -> assertThat(response.json().get("query").get(k).get(0).asString()).isEqualTo(v));
    }

    @Test
    void formBodyIsUrlEncodedWithUriEncoding() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("csrf", "tok");
        form.put("msg", TRICKY);
        BiliApiResponse response = result(newClient().request(BiliApiRequest.post(http("/test/echo"))
                .form(form).build()));
        JsonNode echo = response.json();
        assertThat(text(echo, "contentType")).startsWith("application/x-www-form-urlencoded");
        assertThat(text(echo, "bodyText")).isEqualTo(UriEncoding.encodeQuery(form));
        assertThat(echo.get("form").get("msg").get(0).asString()).isEqualTo(TRICKY);
    }

    @Test
    void textBodyIsUtf8PlainTextUnlessAContentTypeIsGiven() {
        BiliApiClient client = newClient();
        JsonNode plain = result(client.request(BiliApiRequest.post(http("/test/echo")).body("弹幕 text").build()))
                .json();
        assertThat(text(plain, "contentType").toLowerCase()).startsWith("text/plain").contains("charset=utf-8");
        assertThat(text(plain, "bodyText")).isEqualTo("弹幕 text");

        JsonNode json = result(client.request(BiliApiRequest.post(http("/test/echo")).body("{\"a\":1}")
                .header("Content-Type", "application/json").build())).json();
        assertThat(text(json, "contentType")).startsWith("application/json");
        assertThat(json.get("headers").get("content-type")).hasSize(1);
        assertThat(text(json, "bodyText")).isEqualTo("{\"a\":1}");
    }

    @Test
    void bytesBodyIsOctetStream() throws Exception {
        byte[] bytes = new byte[100_000];
        new Random(7).nextBytes(bytes);
        JsonNode echo = result(newClient().request(BiliApiRequest.builder("PUT", http("/test/echo")).body(bytes)
                .build())).json();
        assertThat(text(echo, "method")).isEqualTo("PUT");
        assertThat(text(echo, "contentType")).startsWith("application/octet-stream");
        assertThat(echo.get("bodyLength").asLong()).isEqualTo(bytes.length);
        assertThat(text(echo, "bodySha256")).isEqualTo(sha256(bytes));
    }

    @Test
    void multipartStreamsAFiveMegabyteFileWithFormFields() throws Exception {
        Path file = tempDir.resolve("cover.png");
        byte[] chunk = new byte[64 * 1024];
        Random random = new Random(42);
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < 80; i++) { // 5 MiB
                random.nextBytes(chunk);
                out.write(chunk);
            }
        }
        BiliApiRequest request = BiliApiRequest.post(http("/test/echo"))
                .form(Map.of("csrf", "tok", "title", "标题 title"))
                .file("file", new BiliApiFile(file, "image/png"))
                .build();
        JsonNode echo = result(newClient().request(request)).json();

        assertThat(text(echo, "contentType")).startsWith("multipart/form-data");
        Map<String, JsonNode> parts = new LinkedHashMap<>();
        echo.get("parts").forEach(p -> parts.put(p.get("name").asString(), p));
        assertThat(parts).containsOnlyKeys("csrf", "title", "file");
        assertThat(text(parts.get("csrf"), "value")).isEqualTo("tok");
        assertThat(text(parts.get("title"), "value")).isEqualTo("标题 title");
        JsonNode filePart = parts.get("file");
        assertThat(text(filePart, "filename")).isEqualTo("cover.png");
        assertThat(text(filePart, "contentType")).isEqualTo("image/png");
        assertThat(filePart.get("size").asLong()).isEqualTo(Files.size(file));
        assertThat(text(filePart, "sha256")).isEqualTo(sha256(file));
    }

    @Test
    void everyMethodReachesTheServer() {
        BiliApiClient client = newClient();
        for (String method : List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS")) {
            JsonNode echo = result(client.request(BiliApiRequest.builder(method, http("/test/echo")).build())).json();
            assertThat(text(echo, "method")).isEqualTo(method);
        }
        BiliApiResponse head = result(client.request(BiliApiRequest.builder("HEAD", http("/test/json")).build()));
        assertThat(head.code()).isEqualTo(200);
        assertThat(head.raw()).isEmpty();
    }

    @Test
    void redirectsAreFollowedOnlyWhenAllowed() {
        BiliApiClient client = newClient();
        String url = http("/test/redirect?to=" + UriEncoding.encodeComponent("/test/echo?after=1"));
        BiliApiResponse notFollowed = result(client.request(BiliApiRequest.get(url).build()));
        assertThat(notFollowed.code()).isEqualTo(302);
        assertThat(notFollowed.header("Location")).isEqualTo("/test/echo?after=1");
        assertThat(server.requestCount("/test/echo")).isZero();

        BiliApiResponse followed = result(client.request(BiliApiRequest.get(url).allowRedirects(true).build()));
        assertThat(followed.code()).isEqualTo(200);
        assertThat(followed.url()).isEqualTo(http("/test/echo?after=1"));
        assertThat(text(followed.json(), "rawQuery")).isEqualTo("after=1");

        // and the default is still "not followed" afterwards
        assertThat(result(client.request(BiliApiRequest.get(url).build())).code()).isEqualTo(302);
    }

    @Test
    void setCookieHeadersBecomeCookiesAndAllHeaderValuesAreKept() {
        BiliApiResponse response = result(newClient().request(BiliApiRequest.get(http("/test/set-cookie"))
                .param("a", "1").param("b", "2").build()));
        assertThat(response.cookies()).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
        assertThat(response.headers().get("set-cookie")).hasSize(2);
        assertThat(response.headers().get("SET-COOKIE")).hasSize(2);
        assertThat(response.header("content-type")).isEqualTo(response.header("Content-Type")).isNotNull();
    }

    @Test
    void nonSuccessStatusesAreReturnedNotThrown() {
        BiliApiClient client = newClient();
        for (int code : new int[] {204, 404, 412, 500, 503}) {
            BiliApiResponse response = result(client.request(BiliApiRequest.get(http("/test/status/" + code))
                    .build()));
            assertThat(response.code()).isEqualTo(code);
            if (code != 204) {
                assertThat(response.utf8Text()).isEqualTo("status " + code + "\n");
            }
        }
    }

    @Test
    void timeoutBoundsTheWholeCall() {
        Duration timeout = Duration.ofSeconds(1);
        BiliApiClient client = newClient(ClientSettings.DEFAULTS.withTimeout(timeout), null);
        long start = System.nanoTime();
        CompletableFuture<BiliApiResponse> call = client.request(BiliApiRequest.get(http("/test/delay"))
                .param("ms", "8000").param("secret", "s3cr3t").build());
        assertThatThrownBy(() -> result(call))
                .isInstanceOf(BiliTimeoutException.class)
                .hasMessageContaining("/test/delay")
                .hasMessageNotContaining("s3cr3t");
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        // a correctness bound (the timeout fired, not the server's answer), not a performance target
        assertThat(elapsed).isLessThan(timeout.plusSeconds(1));
    }

    @Test
    void timeoutAlsoBoundsASlowBody() {
        Duration timeout = Duration.ofSeconds(1);
        BiliApiClient client = newClient(ClientSettings.DEFAULTS.withTimeout(timeout), null);
        // headers at once, then one byte every 400 ms: no single read waits long, the whole body takes 4 s
        server.script("/test/bytes", Fault.trickle(new byte[10], 1, Duration.ofMillis(400)));
        long start = System.nanoTime();
        CompletableFuture<BiliApiResponse> call = client.request(BiliApiRequest.get(http("/test/bytes")).build());
        assertThatThrownBy(() -> result(call)).isInstanceOf(BiliTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.plusSeconds(1));
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

    @Test
    void brokenResponsesFailWithClientException() {
        BiliApiClient client = newClient();
        server.scriptAlways("/test/bytes", Fault.resetMidBody(100_000, 1_000));
        assertThatThrownBy(() -> result(client.request(BiliApiRequest.get(http("/test/bytes")).build())))
                .isInstanceOf(BiliClientException.class).hasMessageContaining("GET");
        server.clearScripts();
        server.scriptAlways("/test/json", Fault.closeWithoutResponse());
        assertThatThrownBy(() -> result(client.request(BiliApiRequest.get(http("/test/json")).build())))
                .isInstanceOf(BiliClientException.class).hasMessageContaining("/test/json");
        server.clearScripts();
        // and the client still works afterwards
        assertThat(result(client.request(BiliApiRequest.get(http("/test/json")).build())).code()).isEqualTo(200);
    }

    @Test
    void connectionRefusedFailsWithClientExceptionNamingMethodAndUrlWithoutQuery() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/nowhere";
        CompletableFuture<BiliApiResponse> call = newClient().request(BiliApiRequest.post(url)
                .param("access_key", "s3cr3t").build());
        assertThatThrownBy(() -> result(call))
                .isInstanceOf(BiliClientException.class)
                .isNotInstanceOf(BiliTimeoutException.class)
                .hasMessageContaining("POST")
                .hasMessageContaining(url)
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void concurrentRequestsEachGetTheirOwnResponse() {
        BiliApiClient client = newClient();
        int n = 100;
        List<CompletableFuture<BiliApiResponse>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            calls.add(client.request(BiliApiRequest.get(http("/test/delay")).param("ms", "100")
                    .param("i", Integer.toString(i)).build()));
        }
        for (int i = 0; i < n; i++) {
            BiliApiResponse response = result(calls.get(i));
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.url()).endsWith("&i=" + i);
        }
        assertThat(server.requestCount("/test/delay")).isEqualTo(n);
    }

    @Test
    void sequentialRequestsReuseOneConnection() {
        BiliApiClient client = newClient();
        int n = 1_000;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            assertThat(result(client.request(BiliApiRequest.get(http("/test/json")).build())).code()).isEqualTo(200);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.printf("[conformance %s] %d sequential requests: %d TCP connection(s), %d ms%n",
                client.backendName(), n, server.connectionsOpened(), millis);
        assertThat(server.requestCount("/test/json")).isEqualTo(n);
        assertThat(server.connectionsOpened()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- TLS

    @Test
    void httpsIsRejectedWhileVerifyingAndAcceptedWhenNot() {
        String url = server.httpsBaseUrl() + "/test/json";
        BiliApiClient verifying = newClient();
        assertThatThrownBy(() -> result(verifying.request(BiliApiRequest.get(url).build())))
                .isInstanceOf(BiliClientException.class).hasMessageContaining("/test/json");

        BiliApiClient trusting = newClient(ClientSettings.DEFAULTS.withVerifySsl(false), null);
        assertThat(result(trusting.request(BiliApiRequest.get(url).build())).code()).isEqualTo(200);

        // per client: the verifying one still verifies
        assertThatThrownBy(() -> result(verifying.request(BiliApiRequest.get(url).build())))
                .isInstanceOf(BiliClientException.class);

        // and a setter switches it on the live client
        verifying.setVerifySsl(false);
        assertThat(result(verifying.request(BiliApiRequest.get(url).build())).code()).isEqualTo(200);
        trusting.setVerifySsl(true);
        assertThatThrownBy(() -> result(trusting.request(BiliApiRequest.get(url).build())))
                .isInstanceOf(BiliClientException.class);
    }

    @Test
    void wssIsRejectedWhileVerifyingAndAcceptedWhenNot() {
        String url = server.wssBaseUrl() + "/test/ws/echo";
        BiliApiClient verifying = newClient();
        assertThatThrownBy(() -> result(verifying.wsCreate(url, Map.of(), Map.of(), Map.of())))
                .isInstanceOf(BiliClientException.class);

        BiliApiClient trusting = newClient(ClientSettings.DEFAULTS.withVerifySsl(false), null);
        int handle = result(trusting.wsCreate(url, Map.of(), Map.of(), Map.of()));
        result(trusting.wsSend(handle, bytes("over tls")));
        assertThat(result(trusting.wsRecv(handle)).data()).isEqualTo(bytes("over tls"));
        result(trusting.wsClose(handle));
    }

    // ---------------------------------------------------------------- settings and user sessions

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

    // ---------------------------------------------------------------- proxies

    private ForwardProxyServer startProxy() {
        ForwardProxyServer proxy = ForwardProxyServer.start();
        proxies.add(proxy);
        return proxy;
    }

    @Test
    void httpProxyUrlIsHonouredAndCanBeChangedOnTheLiveClient() {
        ForwardProxyServer proxy = startProxy();
        BiliApiClient client = newClient(ClientSettings.DEFAULTS.withProxy(proxy.proxyUrl()), null);
        String url = http("/test/echo?via=proxy");
        assertThat(result(client.request(BiliApiRequest.get(url).build())).code()).isEqualTo(200);
        assertThat(proxy.forwardedCount()).isEqualTo(1);
        assertThat(proxy.forwardedTargets()).containsExactly(url);

        client.setProxy("");
        assertThat(result(client.request(BiliApiRequest.get(url).build())).code()).isEqualTo(200);
        assertThat(proxy.forwardedCount()).isEqualTo(1);
        assertThat(server.requestCount("/test/echo")).isEqualTo(2);
    }

    @Test
    void httpsAndWssGoThroughAConnectTunnel() {
        ForwardProxyServer proxy = startProxy();
        BiliApiClient client = newClient(ClientSettings.DEFAULTS.withProxy(proxy.proxyUrl()).withVerifySsl(false),
                null);
        assertThat(result(client.request(BiliApiRequest.get(server.httpsBaseUrl() + "/test/json").build())).code())
                .isEqualTo(200);
        assertThat(proxy.tunnelTargets()).contains("127.0.0.1:" + server.httpsPort());

        int handle = result(client.wsCreate(server.wssBaseUrl() + "/test/ws/echo", Map.of(), Map.of(), Map.of()));
        result(client.wsSend(handle, bytes("tunnelled")));
        assertThat(result(client.wsRecv(handle)).text()).isEqualTo("tunnelled");
        result(client.wsClose(handle));
        assertThat(proxy.forwardedCount()).isZero();
        assertThat(proxy.tunnelCount()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void proxyCredentialsAreSentAndTheirAbsenceGivesA407() {
        ForwardProxyServer proxy = startProxy().requireCredentials("bili user", "p@ss:w0rd");
        String withCredentials = "http://bili%20user:p%40ss%3Aw0rd@127.0.0.1:" + proxy.port();
        BiliApiClient client = newClient(ClientSettings.DEFAULTS.withProxy(withCredentials).withVerifySsl(false),
                null);
        assertThat(result(client.request(BiliApiRequest.get(http("/test/json")).build())).code()).isEqualTo(200);
        assertThat(proxy.forwardedCount()).isEqualTo(1);
        // and through a CONNECT tunnel
        assertThat(result(client.request(BiliApiRequest.get(server.httpsBaseUrl() + "/test/json").build())).code())
                .isEqualTo(200);
        assertThat(proxy.tunnelCount()).isEqualTo(1);

        BiliApiClient anonymous = newClient(ClientSettings.DEFAULTS.withProxy(proxy.proxyUrl()), null);
        long rejected = proxy.rejectedCount();
        assertThat(result(anonymous.request(BiliApiRequest.get(http("/test/json")).build())).code())
                .isEqualTo(407);
        assertThat(proxy.rejectedCount()).isGreaterThan(rejected);
        assertThat(proxy.forwardedCount()).isEqualTo(1);
        assertThat(client.settings().toString()).doesNotContain("p%40ss").doesNotContain("w0rd");
    }

    @Test
    void trustEnvHonoursJvmProxyPropertiesOnlyWhenOn() {
        ForwardProxyServer proxy = startProxy();
        Map<String, String> saved = new LinkedHashMap<>();
        for (String key : List.of("http.proxyHost", "http.proxyPort", "http.nonProxyHosts")) {
            saved.put(key, System.getProperty(key));
        }
        try {
            System.setProperty("http.proxyHost", proxy.host());
            System.setProperty("http.proxyPort", String.valueOf(proxy.port()));
            System.clearProperty("http.nonProxyHosts");
            BiliApiClient trusting = newClient(ClientSettings.DEFAULTS.withTrustEnv(true), null);
            assertThat(result(trusting.request(BiliApiRequest.get(http("/test/json")).build())).code())
                    .isEqualTo(200);
            assertThat(proxy.forwardedCount()).isEqualTo(1);

            BiliApiClient ignoring = newClient(ClientSettings.DEFAULTS.withTrustEnv(false), null);
            assertThat(result(ignoring.request(BiliApiRequest.get(http("/test/json")).build())).code())
                    .isEqualTo(200);
            assertThat(proxy.forwardedCount()).isEqualTo(1);

            trusting.setTrustEnv(false);
            assertThat(result(trusting.request(BiliApiRequest.get(http("/test/json")).build())).code())
                    .isEqualTo(200);
            assertThat(proxy.forwardedCount()).isEqualTo(1);
            assertThat(server.requestCount("/test/json")).isEqualTo(3);
        } finally {
            saved.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
        }
    }

    @Test
    void userSessionIgnoresTheProxySettingUntilASettingChanges() {
        ForwardProxyServer proxy = startProxy();
        Object session = userSession();
        BiliApiClient client = newClient(ClientSettings.DEFAULTS.withProxy(proxy.proxyUrl()), session);
        assertThat(result(client.request(BiliApiRequest.get(http("/test/json")).build())).code()).isEqualTo(200);
        assertThat(proxy.forwardedCount()).isZero();

        client.setTimeout(Duration.ofSeconds(20));
        assertThat(result(client.request(BiliApiRequest.get(http("/test/json")).build())).code()).isEqualTo(200);
        assertThat(proxy.forwardedCount()).isEqualTo(1);
    }

    // ---------------------------------------------------------------- bad input

    @Test
    void badInputFailsBeforeAnyIo() throws IOException {
        BiliApiClient client = newClient();
        Path missing = tempDir.resolve("missing.bin");
        Path present = Files.writeString(tempDir.resolve("present.txt"), "x");

        assertThatThrownBy(() -> BiliApiRequest.get(null).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("URL");
        assertThatThrownBy(() -> BiliApiRequest.get("  ").build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BiliApiRequest.get("ftp://host/x").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BiliApiRequest.builder("BREW", http("/test/echo")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BREW");
        assertThatThrownBy(() -> BiliApiRequest.post(http("/test/echo")).body("text")
                .file("f", BiliApiFile.of(present)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("String");
        assertThatThrownBy(() -> BiliApiRequest.post(http("/test/echo"))
                .file("f", new BiliApiFile(missing, "application/octet-stream")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing.bin");
        assertThatThrownBy(() -> client.setProxy("ftp://proxy:21")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.setProxy("http://")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.setProxy("http://user:hunter2@")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("hunter2");
        assertThat(client.settings().proxy()).isEmpty();
        assertThatThrownBy(() -> client.request(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> client.wsCreate(http("/test/ws/echo"), Map.of(), Map.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ws://");
        assertThatThrownBy(() -> client.wsCreate(" ", Map.of(), Map.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.wsCreate(server.wsBaseUrl() + "/test/ws/echo", Map.of(), Map.of(),
                Map.of("bad name", "v"))).isInstanceOf(IllegalArgumentException.class);

        assertThat(server.totalRequests()).isZero();
        assertThat(server.connectionsOpened()).isZero();
    }

    // ---------------------------------------------------------------- WebSocket

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

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
        assertThat(handshake.rawQuery()).isEqualTo(expectedRawQuery(UriEncoding.encodeQuery(params)));
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
        int cycles = wsCycles();
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

    // ---------------------------------------------------------------- close

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
        List<String> allowed = new ArrayList<>(libraryThreadNamePrefixes());
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
