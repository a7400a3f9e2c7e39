package io.github.bilibiliapi.client.jdk;

import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiRequest;
import io.github.bilibiliapi.client.BiliApiResponse;
import io.github.bilibiliapi.client.BiliClientException;
import io.github.bilibiliapi.client.ClientSettings;
import io.github.bilibiliapi.client.support.AbstractBiliApiClient;
import io.github.bilibiliapi.client.support.CookieHeaders;
import io.github.bilibiliapi.client.support.InsecureTls;
import io.github.bilibiliapi.client.support.ProxyResolver;
import io.github.bilibiliapi.client.support.ProxySpec;
import io.github.bilibiliapi.client.support.UriEncoding;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpClient.Redirect;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublisher;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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
 * Redirects are followed by this backend, not by {@code java.net.http} (which would keep the caller's {@code Cookie}
 * and {@code Authorization} headers on a hop to another host): see {@link #follow}.
 *
 * <p><b>Timeout.</b> {@link HttpRequest#timeout} only bounds the wait for the response headers, so the whole call
 * (connect, headers and body) is bounded here and the exchange cancelled when it expires; the timeout is also the
 * connect timeout and bounds the WebSocket handshake. A user's client used as it is keeps its own behaviour: no call
 * timeout (java.net.http has none), its own connect timeout.
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
 * <li>An {@code HttpClient} cannot be closed before Java 21: on Java 17-20 {@link #close()} cancels calls in flight,
 * aborts WebSockets, shuts down this client's executor and drops its {@code HttpClient}s, but their idle keep-alive
 * connections and selector threads ({@code HttpClient-<n>-SelectorManager}) end only once the garbage collector has
 * reclaimed them. On Java 21+ close() also calls {@code HttpClient.shutdownNow()} on the clients it built.</li>
 * <li>WebSocket messages are assembled in memory up to {@link #MAX_MESSAGE_BYTES}; a larger one aborts the connection
 * with a {@link BiliClientException}. Pings are answered by the JDK, when they are read: like every frame they are
 * read only while a {@code wsRecv} waits.</li>
 * </ul>
 */
public final class JdkBiliApiClient extends AbstractBiliApiClient<JdkWsConnection> {

    private static final int MAX_REDIRECTS = 20;
    private static final Set<Integer> REDIRECT_CODES = Set.of(301, 302, 303, 307, 308);


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
    private final Set<CompletableFuture<?>> calls = ConcurrentHashMap.newKeySet();
    /** The HttpClients this client built (never the user's), weakly: replaced ones may be collected before close(). */
    private final Set<HttpClient> built = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));
    private final Object executorLock = new Object();
    private ThreadPoolExecutor executor; // guarded by executorLock; created on first need
    private volatile Session session;

    /**
     * The {@code HttpClient} in use, and how requests pick a proxy.
     *
     * @param client   the client that does not follow redirects (or the user's, as it is)
     * @param resolver how proxies are chosen, or {@code null} while the user's client is used as it is
     * @param timeout  the call timeout, or {@code null} while the user's client is used as it is
     * @param variants the client with the other redirect policy, derived on first need
     */
    private record Session(HttpClient client, ProxyResolver resolver, Duration timeout,
            Map<Boolean, HttpClient> variants) {

        Session(HttpClient client, ProxyResolver resolver, Duration timeout) {
            this(client, resolver, timeout, new ConcurrentHashMap<>());
        }
    }

    private JdkBiliApiClient(ClientSettings settings, HttpClient userClient, int maxMessageBytes) {
        super(NAME, checked(settings), userClient);
        this.userClient = userClient;
        this.maxMessageBytes = maxMessageBytes;
        this.session = userClient == null ? newSession(settings) : new Session(userClient, null, null);
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

    private static ClientSettings checked(ClientSettings settings) {
        if (settings == null) {
            throw new IllegalArgumentException("settings must not be null");
        }
        checkProxy(settings.proxySpec(), "is set");
        return settings;
    }

    private static void checkProxy(ProxySpec proxy, String origin) {
        String problem = unsupported(proxy, origin);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    /** Explains why java.net.http cannot use a proxy, or returns {@code null} if it can. */
    private static String unsupported(ProxySpec proxy, String origin) {
        if (proxy == null || proxy.type() == ProxySpec.Type.HTTP) {
            return null;
        }
        if (proxy.type() == ProxySpec.Type.SOCKS5) {
            // java.net.http ignores non-HTTP proxies from a ProxySelector: it would silently connect directly
            return "The jdk backend (java.net.http.HttpClient) cannot use a SOCKS proxy; " + proxy + " " + origin
                    + ": use an http:// proxy, or the okhttp or webclient backend";
        }
        return "The jdk backend (java.net.http.HttpClient) cannot speak TLS to a proxy; " + proxy + " (https://) "
                + origin + ": use an http:// proxy URL (HTTPS targets are still tunnelled end to end with CONNECT), "
                + "or the okhttp or webclient backend";
    }

    @Override
    protected void checkSettings(ClientSettings next) {
        checkProxy(next.proxySpec(), "is set");
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
        if (!settings.verifySsl()) {
            // the trust manager is an X509ExtendedTrustManager: host names go unchecked for this client only
            builder.sslContext(InsecureTls.sslContext());
        }
        return new Session(created(builder.build()), resolver, settings.hasTimeout() ? settings.timeout() : null);
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
                AtomicInteger threads = new AtomicInteger();
                String prefix = THREAD_NAME_PREFIX + id + "-worker-";
                // a cached pool, like the JDK's default, but ours: close() ends its threads
                executor = new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
                        r -> {
                            Thread t = new Thread(r, prefix + threads.incrementAndGet());
                            t.setDaemon(true);
                            return t;
                        });
            }
            return executor;
        }
    }

    private HttpClient clientFor(Session s, boolean followRedirects) {
        boolean follows = s.client().followRedirects() != Redirect.NEVER;
        if (follows == followRedirects) {
            return s.client();
        }
        return s.variants().computeIfAbsent(followRedirects, follow -> created(copyOf(s.client())
                .followRedirects(follow ? Redirect.NORMAL : Redirect.NEVER).build()));
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
        return s == null ? userClient : s.client();
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
    protected CompletableFuture<BiliApiResponse> execute(BiliApiRequest request) {
        return request.allowRedirects() ? follow(request, 0) : send(request);
    }

    /**
     * Follows redirects here rather than in {@code java.net.http}, which keeps the caller's {@code Cookie} and
     * {@code Authorization} headers when a redirect leaves the host: they are dropped on the first hop to another host
     * and never restored. Otherwise {@link Redirect#NORMAL}'s rules: at most {@value #MAX_REDIRECTS} hops, never from
     * HTTPS to HTTP (the 3xx is returned), 301/302/303 turn other methods into a GET without body, 307/308 repeat the
     * method and body. The timeout applies to each hop.
     */
    private CompletableFuture<BiliApiResponse> follow(BiliApiRequest hop, int redirects) {
        BiliApiRequest once = new BiliApiRequest(hop.method(), hop.url(), hop.params(), hop.body(), hop.files(),
                hop.headers(), hop.cookies(), false);
        return send(once).thenCompose(response -> {
            String location = response.header("Location");
            if (location == null || !REDIRECT_CODES.contains(response.code())) {
                return CompletableFuture.completedFuture(response);
            }
            URI from = URI.create(response.url());
            URI next;
            try {
                next = from.resolve(location.strip());
            } catch (IllegalArgumentException e) {
                return CompletableFuture.completedFuture(response); // an unusable Location: the 3xx is the answer
            }
            String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https")
                    || from.getScheme().equalsIgnoreCase("https") && scheme.equals("http")) {
                return CompletableFuture.completedFuture(response);
            }
            if (redirects >= MAX_REDIRECTS) {
                return CompletableFuture.failedFuture(new BiliClientException(hop.method() + " "
                        + UriEncoding.withoutQuery(hop.url()) + " failed (jdk): more than " + MAX_REDIRECTS
                        + " redirects"));
            }
            boolean sameHost = from.getHost() != null && from.getHost().equalsIgnoreCase(next.getHost())
                    && from.getPort() == next.getPort();
            boolean keepMethod = response.code() == 307 || response.code() == 308 || hop.method().equals("GET")
                    || hop.method().equals("HEAD");
            Map<String, String> headers = new LinkedHashMap<>();
            hop.headers().forEach((name, value) -> {
                boolean credential = name.equalsIgnoreCase("Cookie") || name.equalsIgnoreCase("Authorization");
                boolean content = name.equalsIgnoreCase("Content-Type");
                if (!(credential && !sameHost) && !(content && !keepMethod)) {
                    headers.put(name, value);
                }
            });
            BiliApiRequest nextHop = new BiliApiRequest(keepMethod ? hop.method() : "GET", next.toString(), Map.of(),
                    keepMethod ? hop.body() : BiliApiRequest.Body.NONE, keepMethod ? hop.files() : Map.of(),
                    headers, sameHost ? hop.cookies() : Map.of(), true);
            return follow(nextHop, redirects + 1);
        });
    }

    private CompletableFuture<BiliApiResponse> send(BiliApiRequest request) {
        Session s = session();
        String method = request.method();
        String url = request.fullUrl();
        URI uri = toUri(url, "http", "https");
        ProxySpec proxy = s.resolver() == null ? null : s.resolver().resolve(uri);
        if (proxy != null && proxy.type() != ProxySpec.Type.HTTP) {
            return CompletableFuture.failedFuture(environmentProxyFailure(method + " " + UriEncoding.withoutQuery(url),
                    proxy));
        }
        Duration timeout = s.timeout();
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri);
        if (timeout != null) {
            builder.timeout(timeout);
        }
        if (s.resolver() != null && uri.getScheme().equalsIgnoreCase("http")) {
            builder.version(HttpClient.Version.HTTP_1_1); // no h2c upgrade dance on cleartext
        }
        boolean contentType = applyHeaders(builder, request.headers(), request.cookies(), proxy);
        builder.method(method, body(request, builder, contentType));
        HttpRequest httpRequest = builder.build();
        HttpClient client = clientFor(s, request.allowRedirects());
        int cap = settings().maxResponseBytes();

        CompletableFuture<HttpResponse<byte[]>> call = client.sendAsync(httpRequest,
                CappedBodySubscriber.handler(cap, () -> responseTooLarge(method, url, cap)));
        calls.add(call);
        CompletableFuture<BiliApiResponse> response = call.thenApply(JdkBiliApiClient::toResponse);
        if (timeout != null) {
            // HttpRequest.timeout stops at the headers: bound the body too, and cancel the exchange when it fires
            response.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        return response.handle((r, error) -> {
            calls.remove(call);
            if (error == null) {
                return r;
            }
            call.cancel(true);
            if (isClosed()) {
                throw new CompletionException(new BiliClientException(method + " " + UriEncoding.withoutQuery(url)
                        + " aborted: the jdk client was closed", unwrap(error)));
            }
            throw new CompletionException(failure(method, url, error));
        });
    }

    private static BiliClientException environmentProxyFailure(String action, ProxySpec proxy) {
        return new BiliClientException(action + " failed (jdk): " + unsupported(proxy,
                "comes from the environment (HTTP(S)_PROXY / ALL_PROXY or JVM properties)"));
    }

    private static URI toUri(String url, String... schemes) {
        URI uri;
        try {
            uri = new URI(url); // already encoded: never re-encode the signed query
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Malformed URL: " + UriEncoding.withoutQuery(url), e);
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!List.of(schemes).contains(scheme)) {
            throw new IllegalArgumentException("URL must be " + String.join(" or ", schemes) + ", got: "
                    + UriEncoding.withoutQuery(url));
        }
        return uri;
    }

    /** Sets headers, the Cookie header and proxy credentials; tells whether the caller set a Content-Type. */
    private static boolean applyHeaders(HttpRequest.Builder builder, Map<String, String> headers,
            Map<String, String> cookies, ProxySpec proxy) {
        String cookie = null;
        boolean contentType = false;
        boolean proxyAuthorization = false;
        for (Map.Entry<String, String> e : headers.entrySet()) {
            String name = e.getKey();
            checkHeader(name);
            if (name.equalsIgnoreCase("Cookie")) {
                cookie = e.getValue();
                continue;
            }
            contentType |= name.equalsIgnoreCase("Content-Type");
            proxyAuthorization |= name.equalsIgnoreCase("Proxy-Authorization");
            builder.header(name, e.getValue());
        }
        String cookieHeader = CookieHeaders.cookieHeader(cookie, cookies);
        if (cookieHeader != null) {
            builder.header("Cookie", cookieHeader);
        }
        if (proxy != null && proxy.hasCredentials() && !proxyAuthorization) {
            builder.header("Proxy-Authorization", proxy.basicAuthorization());
        }
        return contentType;
    }

    private static void checkHeader(String name) {
        if (RESTRICTED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("Header '" + name + "' cannot be set with the jdk backend: "
                    + "java.net.http.HttpClient manages " + RESTRICTED_HEADERS + " itself");
        }
    }

    private static BodyPublisher body(BiliApiRequest request, HttpRequest.Builder builder, boolean contentType) {
        BiliApiRequest.Body body = request.body();
        if (request.isMultipart()) {
            JdkMultipart multipart = JdkMultipart.of(((BiliApiRequest.Body.Form) body).fields(), request.files());
            builder.setHeader("Content-Type", multipart.contentType()); // the boundary must be ours
            return multipart.publisher();
        }
        if (body instanceof BiliApiRequest.Body.Form form) {
            if (form.isEmpty()) {
                return BodyPublishers.noBody();
            }
            String encoded = UriEncoding.encodeQuery(form.fields()); // the same encoder as the query
            if (!contentType) {
                builder.header("Content-Type", "application/x-www-form-urlencoded");
            }
            return BodyPublishers.ofString(encoded, StandardCharsets.US_ASCII);
        }
        if (body instanceof BiliApiRequest.Body.Text t) {
            if (!contentType) {
                builder.header("Content-Type", "text/plain; charset=utf-8");
            }
            return BodyPublishers.ofByteArray(t.bytes());
        }
        BiliApiRequest.Body.Bytes b = (BiliApiRequest.Body.Bytes) body;
        if (!contentType) {
            builder.header("Content-Type", "application/octet-stream");
        }
        return BodyPublishers.ofByteArray(b.bytes());
    }

    private static BiliApiResponse toResponse(HttpResponse<byte[]> response) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        response.headers().map().forEach((name, values) -> {
            if (!name.startsWith(":")) { // HTTP/2 pseudo-headers are not headers
                headers.put(name, values);
            }
        });
        Map<String, String> cookies = CookieHeaders.parseSetCookies(response.headers().allValues("set-cookie"));
        byte[] body = response.body() == null ? new byte[0] : response.body();
        return new BiliApiResponse(response.statusCode(), headers, cookies, body, response.uri().toString());
    }

    @Override
    protected CompletableFuture<JdkWsConnection> openWebSocket(URI uri, Map<String, String> headers) {
        Session s = session();
        String url = uri.toString();
        URI target = uri;
        ProxySpec proxy = s.resolver() == null ? null : s.resolver().resolve(target);
        if (proxy != null && proxy.type() != ProxySpec.Type.HTTP) {
            return CompletableFuture.failedFuture(environmentProxyFailure("WebSocket " + UriEncoding.withoutQuery(url),
                    proxy));
        }
        Duration timeout = s.timeout();
        WebSocket.Builder builder = s.client().newWebSocketBuilder();
        if (timeout != null) {
            builder.connectTimeout(timeout);
        }
        boolean proxyAuthorization = false;
        for (Map.Entry<String, String> e : headers.entrySet()) {
            checkHeader(e.getKey());
            proxyAuthorization |= e.getKey().equalsIgnoreCase("Proxy-Authorization");
            builder.header(e.getKey(), e.getValue());
        }
        if (proxy != null && proxy.hasCredentials() && !proxyAuthorization) {
            builder.header("Proxy-Authorization", proxy.basicAuthorization());
        }
        JdkWsConnection connection = new JdkWsConnection(maxMessageBytes,
                error -> failure("WebSocket " + UriEncoding.withoutQuery(url), null, error));
        CompletableFuture<WebSocket> handshake = builder.buildAsync(target, connection);
        CompletableFuture<JdkWsConnection> opened = handshake.thenApply(ws -> {
            connection.opened(ws);
            return connection;
        });
        if (timeout != null) {
            opened.orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        return opened.handle((c, error) -> {
            if (error == null) {
                return c;
            }
            handshake.cancel(true);
            handshake.thenAccept(WebSocket::abort); // a handshake that completes after the timeout is dropped
            throw new CompletionException(failure("WebSocket connect", url, error));
        });
    }

    @Override
    protected void closeResources() {
        for (CompletableFuture<?> call : calls) {
            call.cancel(true);
        }
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
