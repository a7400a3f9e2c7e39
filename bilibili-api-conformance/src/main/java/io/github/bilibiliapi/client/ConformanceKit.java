package io.github.bilibiliapi.client;

import io.github.bilibiliapi.client.support.UriEncoding;
import io.github.bilibiliapi.test.FakeBilibiliServer;
import io.github.bilibiliapi.test.ForwardProxyServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The base of the backend conformance kit: the hooks a backend supplies, the fake bilibili
 * ({@link FakeBilibiliServer}, started once per test class, reached over real loopback sockets) and helpers. Each
 * concern is an abstract subclass a backend author can run alone ({@link HttpBasicsConformance},
 * {@link BodiesConformance}, {@link RedirectConformance}, {@link ProxyConformance}, {@link TlsConformance},
 * {@link WebSocketConformance}, {@link LifecycleConformance}); {@link BiliApiClientConformanceTest} runs them all.
 *
 * <p><b>Hooks.</b> A backend's test supplies {@link #factory()} and {@link #newUserSession()}; optional hooks:
 * {@link #releaseUserSession(Object)} (free a session made by {@link #newUserSession()}),
 * {@link #libraryThreadNamePrefixes()} (process-wide threads of the HTTP library that no client owns, ignored by the
 * thread leak check), {@link #expectedRawQuery(String)} (a documented, library-imposed re-encoding of the query) and
 * {@link #wsCycles()} (how many WebSocket open/close cycles to run; at least {@value #MIN_WS_CYCLES}; the default,
 * {@value #DEFAULT_WS_CYCLES}, can be raised with {@code -Dbili.conformance.wsCycles=10000} for a longer soak).
 *
 * <p>Clients made with {@link #newClient} and sessions made with {@link #userSession()} are closed after each test.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ConformanceKit {

    /**
     * How long the server may take to see a closed connection go away. A leak never gets there; a busy 2-core CI
     * machine (server, client and other test JVMs on the same cores) can take several seconds to run the close.
     */
    protected static final Duration SERVER_CLOSE_WAIT = Duration.ofSeconds(30);


    /** Default number of WebSocket open/close cycles. */
    protected static final int DEFAULT_WS_CYCLES = 1_000;
    /** The fewest WebSocket cycles a backend may run. */
    protected static final int MIN_WS_CYCLES = 1_000;
    /** A parameter value with every character class the query encoding must get right. */
    protected static final String TRICKY = "a b+c&d=e/f?g#h%i 中文 !'()*~ -_. émoji😀";

    /** The fake bilibili, started once per test class. */
    protected FakeBilibiliServer server;
    /** The clients made with {@link #newClient}, closed after each test. */
    protected final List<BiliApiClient> clients = Collections.synchronizedList(new ArrayList<>());
    private final List<Object> sessions = Collections.synchronizedList(new ArrayList<>());
    private final List<ForwardProxyServer> proxies = Collections.synchronizedList(new ArrayList<>());

    /** A directory of files for one test. */
    @TempDir
    protected Path tempDir;

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
     * How many WebSocket open/close cycles {@link WebSocketConformance} runs.
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
        toRelease.forEach(hooks()::releaseUserSession);
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
        BiliApiClient client = hooks().factory().create(settings, session);
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
        Object session = hooks().newUserSession();
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

    /**
     * Reads a text field of an echo.
     *
     * @param node  the JSON
     * @param field the field
     * @return the text, or {@code null}
     */
    protected static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asString();
    }

    /**
     * Hashes a file.
     *
     * @param file the file
     * @return the hex SHA-256
     * @throws Exception on failure
     */
    protected static String sha256(Path file) throws Exception {
        MessageDigest d = MessageDigest.getInstance("SHA-256");
        return HexFormat.of().formatHex(d.digest(Files.readAllBytes(file)));
    }

    /**
     * Hashes bytes.
     *
     * @param bytes the bytes
     * @return the hex SHA-256
     * @throws Exception never in practice
     */
    protected static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    /**
     * Starts a forward proxy closed after the test.
     *
     * @return the proxy
     */
    protected ForwardProxyServer startProxy() {
        ForwardProxyServer proxy = ForwardProxyServer.start();
        proxies.add(proxy);
        return proxy;
    }

    /**
     * UTF-8 bytes.
     *
     * @param s a string
     * @return its bytes
     */
    protected static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Where the hooks come from: this class, or (in {@link BiliApiClientConformanceTest}'s nested suites) the outer
     * test that supplies them.
     *
     * @return the test whose hooks apply
     */
    protected ConformanceKit hooks() {
        return this;
    }
}
