package io.github.bilibiliapi.client.jdk;

import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiRequest;
import io.github.bilibiliapi.client.BiliClientException;
import io.github.bilibiliapi.client.ClientSettings;
import io.github.bilibiliapi.client.internal.DaemonThreads;
import io.github.bilibiliapi.client.internal.ProxyResolver;
import io.github.bilibiliapi.client.support.AbstractBiliApiClient;
import io.github.bilibiliapi.client.support.Exchange;
import io.github.bilibiliapi.client.support.ProxySpec;
import io.github.bilibiliapi.client.support.UriEncoding;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpClient.Redirect;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Flow;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import javax.net.ssl.SSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link BiliApiClient} over the JDK's {@link HttpClient} ({@code java.net.http}, Java 11+): no dependency at all,
 * the fallback when neither OkHttp nor WebClient is on the classpath.
 *
 * <p><b>Sessions.</b> A {@link HttpClient} is immutable, so applying a setting derives a new one: from the user's
 * client when one was supplied (its executor, TLS context and parameters, HTTP version, cookie handler and
 * authenticator are copied; the user's client itself is never changed nor shut down), else from scratch with an
 * executor this client owns (daemon threads named {@code bili-jdk-<id>-worker-<n>}), released by {@link #close()}.
 * Every {@code HttpClient} used here follows no redirect ({@link Redirect#NEVER}, also a copy of a user's client that
 * would): redirects, the response size cap and the deadline are {@link AbstractBiliApiClient}'s.
 *
 * <p><b>Timeout.</b> The timeout is also the connect timeout and bounds the WebSocket handshake. A user's client used
 * as it is keeps its own connect timeout.
 *
 * <p><b>Limits of {@code java.net.http}.</b>
 * <ul>
 * <li>No SOCKS proxies, and no TLS to a proxy: {@code socks5://} and {@code https://} proxy URLs are rejected with an
 * {@link IllegalArgumentException} when set (at creation or {@code setProxy}); one found in the environment fails the
 * request before any I/O (the JDK would silently connect directly).</li>
 * <li>Proxy credentials are sent as a preemptive {@code Proxy-Authorization: Basic} header. That works for
 * {@code http://} targets. For {@code https://} and WebSocket targets the JDK opens a {@code CONNECT} tunnel and drops
 * Basic credentials from it unless the JVM is started with {@code -Djdk.http.auth.tunneling.disabledSchemes=} (empty):
 * without it an authenticating proxy answers 407.</li>
 * <li>Plain {@code http://} requests are sent as HTTP/1.1 (no {@code h2c} upgrade attempt); HTTPS negotiates HTTP/2.</li>
 * <li>The headers {@code Connection}, {@code Content-Length}, {@code Expect}, {@code Host} and {@code Upgrade} cannot be
 * set (the JDK manages them): requests naming them are rejected before any I/O.</li>
 * <li>An {@code HttpClient} cannot be closed before Java 21: on Java 17-20 {@link #close()} aborts calls in flight,
 * aborts WebSockets, shuts down this client's executor and drops its {@code HttpClient}s, but their idle keep-alive
 * connections and selector threads ({@code HttpClient-<n>-SelectorManager}) end only once the garbage collector has
 * reclaimed them. On Java 21+ close() also calls {@code HttpClient.shutdownNow()} on the clients it built.</li>
 * <li>WebSocket messages are assembled in memory up to {@link #MAX_MESSAGE_BYTES}; a larger one aborts the connection
 * with a {@link BiliClientException}. Pings are answered by the JDK, when they are read: like every frame they are
 * read only while a {@code wsRecv} waits.</li>
 * </ul>
 */
public final class JdkBiliApiClient extends AbstractBiliApiClient<JdkWsConnection> {

    /** The registry name of this backend. */
    public static final String NAME = "jdk";

    /** The largest WebSocket message assembled in memory: 32 MiB. */
    public static final int MAX_MESSAGE_BYTES = 32 * 1024 * 1024;

    /** The prefix of the names of the threads this backend creates. */
    public static final String THREAD_NAME_PREFIX = "bili-jdk-";

    private static final AtomicInteger IDS = new AtomicInteger();
    private static final Logger LOG = LoggerFactory.getLogger(JdkBiliApiClient.class);

    /** {@code HttpClient.shutdownNow()}, Java 21+; {@code null} on older runtimes, where only the GC releases a client. */
    private static final Method SHUTDOWN_NOW = shutdownNowMethod();

    /** Headers {@code java.net.http} refuses to let a caller set. */
    private static final Set<String> RESTRICTED_HEADERS = Set.of("connection", "content-length", "expect", "host",
            "upgrade");

    private final int id = IDS.incrementAndGet();
    private final HttpClient userClient;
    private final int maxMessageBytes;
    /** The HttpClients this client built (never the user's), weakly: replaced ones may be collected before close(). */
    private final Set<HttpClient> built = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    private final Object executorLock = new Object();
    private ThreadPoolExecutor executor; // guarded by executorLock; created on first need
    private volatile Session session;

    /**
     * The {@code HttpClient} in use, and how requests pick a proxy.
     *
     * @param client   the client, which follows no redirect (the user's as it is, when it follows none)
     * @param resolver how proxies are chosen, or {@code null} while the user's client is used as it is
     */
    private record Session(HttpClient client, ProxyResolver resolver) {
    }

    private JdkBiliApiClient(ClientSettings settings, HttpClient userClient, int maxMessageBytes) {
        super(NAME, settings, userClient);
        this.userClient = userClient;
        this.maxMessageBytes = maxMessageBytes;
        this.session = userClient == null ? newSession(settings)
                : new Session(userClient.followRedirects() == Redirect.NEVER ? userClient
                        : created(copyOf(userClient).followRedirects(Redirect.NEVER).build()), null);
    }

    /**
     * Creates a client: the factory of this backend.
     *
     * @param settings      the settings
     * @param sessionOrNull a {@link HttpClient} to use as it is until a setting changes, or {@code null} to build one
     *                      from the settings
     * @return the client
     * @throws IllegalArgumentException if the session is not a {@link HttpClient}, or the settings name a proxy the JDK
     *                                  client cannot use (SOCKS, or TLS to the proxy)
     */
    public static BiliApiClient create(ClientSettings settings, Object sessionOrNull) {
        return create(settings, sessionOrNull, MAX_MESSAGE_BYTES);
    }

    /**
     * The factory with another WebSocket message limit, for tests.
     *
     * @param settings        the settings
     * @param sessionOrNull   a {@link HttpClient} or {@code null}
     * @param maxMessageBytes the largest WebSocket message assembled in memory
     * @return the client
     */
    static JdkBiliApiClient create(ClientSettings settings, Object sessionOrNull, int maxMessageBytes) {
        if (sessionOrNull != null && !(sessionOrNull instanceof HttpClient)) {
            throw new IllegalArgumentException("The jdk backend accepts a java.net.http.HttpClient session (or null), "
                    + "got " + sessionOrNull.getClass().getName());
        }
        if (maxMessageBytes <= 0) {
            throw new IllegalArgumentException("maxMessageBytes must be positive, got " + maxMessageBytes);
        }
        return new JdkBiliApiClient(settings, (HttpClient) sessionOrNull, maxMessageBytes);
    }

    /** java.net.http ignores a non-HTTP proxy a ProxySelector names: it would silently connect directly. */
    @Override
    protected String unsupportedProxy(ProxySpec proxy) {
        return proxy.type() == ProxySpec.Type.HTTP ? null : proxy.type() == ProxySpec.Type.SOCKS5
                ? "java.net.http.HttpClient cannot use a SOCKS proxy; use an http:// proxy, or the okhttp or webclient "
                        + "backend"
                : "java.net.http.HttpClient cannot speak TLS to a proxy; use an http:// proxy URL (HTTPS targets are "
                        + "still tunnelled end to end with CONNECT), or the okhttp or webclient backend";
    }

    @Override
    protected void applySettings(ClientSettings next, ClientSettings previous, boolean leavingUserSession) {
        session = newSession(next);
    }

    /** Builds the session for settings, deriving from the user's client if there is one. */
    private Session newSession(ClientSettings settings) {
        ProxyResolver resolver = new ProxyResolver(settings);
        HttpClient.Builder builder = userClient != null ? copyOf(userClient)
                : HttpClient.newBuilder().executor(ownExecutor());
        builder.followRedirects(Redirect.NEVER);
        if (settings.hasTimeout()) {
            builder.connectTimeout(settings.timeout());
        }
        builder.proxy(resolver.alwaysDirect() ? HttpClient.Builder.NO_PROXY : resolver.asProxySelector());
        SSLContext tls = sslContext(settings);
        if (tls != null) {
            // with verifySsl=false an X509ExtendedTrustManager that checks nothing: no host name check either
            builder.sslContext(tls);
        }
        return new Session(created(builder.build()), resolver);
    }

    /**
     * Starts a builder with everything {@link HttpClient}'s getters expose. A source without an executor of its own
     * (the JDK would create one we could not shut down) gets ours.
     */
    private HttpClient.Builder copyOf(HttpClient source) {
        HttpClient.Builder builder = HttpClient.newBuilder()
                .executor(source.executor().orElseGet(this::ownExecutor))
                .followRedirects(source.followRedirects())
                .sslContext(source.sslContext())
                .sslParameters(source.sslParameters())
                .version(source.version());
        source.authenticator().ifPresent(builder::authenticator);
        source.connectTimeout().ifPresent(builder::connectTimeout);
        source.cookieHandler().ifPresent(builder::cookieHandler);
        source.proxy().ifPresent(builder::proxy);
        return builder;
    }

    private HttpClient created(HttpClient client) {
        built.add(client);
        return client;
    }

    private static Method shutdownNowMethod() {
        try {
            return HttpClient.class.getMethod("shutdownNow");
        } catch (NoSuchMethodException e) {
            return null; // Java 17-20: HttpClient cannot be closed
        }
    }

    private ExecutorService ownExecutor() {
        synchronized (executorLock) {
            if (isClosed()) {
                throw new IllegalStateException("This jdk client is closed");
            }
            if (executor == null) {
                // a cached pool, like the JDK's default, but ours: close() ends its threads
                executor = DaemonThreads.cachedPool(THREAD_NAME_PREFIX + id + "-worker-");
            }
            return executor;
        }
    }

    private Session session() {
        Session s = session;
        if (s == null) {
            throw new IllegalStateException("This jdk client is closed");
        }
        return s;
    }

    @Override
    public Object getWrappedSession() {
        Session s = session;
        return s == null || s.resolver() == null ? userClient : s.client();
    }

    /**
     * Returns the executor this client created, for tests.
     *
     * @return the executor, or {@code null} if none was needed
     */
    ExecutorService ownedExecutor() {
        synchronized (executorLock) {
            return executor;
        }
    }

    /**
     * Returns the name prefix of the threads this client creates, for tests.
     *
     * @return {@code bili-jdk-<id>-}
     */
    String threadNamePrefix() {
        return THREAD_NAME_PREFIX + id + "-";
    }

    @Override
    protected void send(Exchange exchange) {
        Session s = session();
        URI uri = exchange.uri();
        ProxySpec proxy = s.resolver() == null ? null : s.resolver().resolve(uri); // an HTTP one: see unsupportedProxy
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri);
        if (s.resolver() != null && uri.getScheme().equalsIgnoreCase("http")) {
            builder.version(HttpClient.Version.HTTP_1_1); // no h2c upgrade dance on cleartext
        }
        setHeaders(builder::header, exchange.headers(), proxy);
        BodyPublisher body = BodyPublishers.noBody();
        if (exchange.isMultipart()) {
            JdkMultipart multipart = JdkMultipart.of(((BiliApiRequest.Body.Form) exchange.body()).fields(),
                    exchange.files());
            builder.header("Content-Type", multipart.contentType());
            body = multipart.publisher();
        } else if (exchange.hasBody()) {
            body = BodyPublishers.ofByteArray(exchange.bodyBytes());
        }
        if (exchange.contentType() != null) {
            builder.header("Content-Type", exchange.contentType());
        }
        HttpRequest request = builder.method(exchange.method(), body).build();
        CompletableFuture<HttpResponse<Void>> call = s.client().sendAsync(request, info -> {
            exchange.head(info.statusCode(), info.headers().map());
            return new BodySink(exchange);
        });
        exchange.onAbort(() -> call.cancel(true));
        // completed here rather than at the body's end: by now the connection is back in the pool for the next call
        call.whenComplete((r, error) -> {
            if (error != null) {
                exchange.fail(error);
            } else {
                // a proxy's 407 to CONNECT comes back without the body handler having been asked: no head yet
                exchange.head(r.statusCode(), r.headers().map());
                exchange.complete();
            }
        });
    }

    /** Hands the body to the exchange as it arrives; stops reading once the exchange is over. */
    private static final class BodySink implements HttpResponse.BodySubscriber<Void> {
        private final Exchange exchange;
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private Flow.Subscription subscription;

        BodySink(Exchange exchange) {
            this.exchange = exchange;
        }

        @Override
        public CompletionStage<Void> getBody() {
            return done;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer b : buffers) {
                if (!exchange.body(b)) {
                    subscription.cancel();
                    done.complete(null);
                    return;
                }
            }
            subscription.request(1);
        }

        @Override
        public void onError(Throwable error) {
            done.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            done.complete(null);
        }
    }

    /** Sets the headers and proxy credentials. */
    private static void setHeaders(BiConsumer<String, String> builder, Map<String, String> headers,
            ProxySpec proxy) {
        boolean proxyAuthorization = false;
        for (Map.Entry<String, String> e : headers.entrySet()) {
            checkHeader(e.getKey());
            proxyAuthorization |= e.getKey().equalsIgnoreCase("Proxy-Authorization");
            builder.accept(e.getKey(), e.getValue());
        }
        if (proxy != null && proxy.hasCredentials() && !proxyAuthorization) {
            builder.accept("Proxy-Authorization", proxy.basicAuthorization());
        }
    }

    private static void checkHeader(String name) {
        if (RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("Header '" + name + "' cannot be set with the jdk backend: "
                    + "java.net.http.HttpClient manages " + RESTRICTED_HEADERS + " itself");
        }
    }

    @Override
    protected CompletableFuture<JdkWsConnection> openWebSocket(URI uri, Map<String, String> headers) {
        Session s = session();
        String url = uri.toString();
        ProxySpec proxy = s.resolver() == null ? null : s.resolver().resolve(uri);
        WebSocket.Builder builder = s.client().newWebSocketBuilder(); // the handshake deadline is the base class's
        setHeaders(builder::header, headers, proxy);
        JdkWsConnection connection = new JdkWsConnection(maxMessageBytes,
                error -> failure("WebSocket " + UriEncoding.withoutQuery(url), null, error));
        return handshake(builder.buildAsync(uri, connection), ws -> {
            connection.opened(ws);
            return connection;
        });
    }

    @Override
    protected void closeResources() {
        session = null; // unreachable HttpClients let their selector threads end
        List<HttpClient> ours;
        synchronized (built) {
            ours = List.copyOf(built);
            built.clear();
        }
        if (SHUTDOWN_NOW != null) {
            // Java 21+: close pooled connections and the selector thread now rather than at the next GC
            for (HttpClient client : ours) {
                try {
                    SHUTDOWN_NOW.invoke(client);
                } catch (ReflectiveOperationException e) {
                    LOG.warn("Could not shut down a java.net.http.HttpClient of the jdk backend; it is released when "
                            + "garbage collected", e);
                }
            }
        }
        ThreadPoolExecutor own;
        synchronized (executorLock) {
            own = executor;
        }
        if (own != null) {
            own.shutdown(); // idle workers end now, busy ones after their task; never a user's executor
        }
    }

    @Override
    public String toString() {
        return "JdkBiliApiClient[id=" + id + ", settings=" + settings() + ", userSession=" + (userClient != null)
                + ", closed=" + isClosed() + "]";
    }
}
