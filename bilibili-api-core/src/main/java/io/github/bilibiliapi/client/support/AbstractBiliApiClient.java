package io.github.bilibiliapi.client.support;

import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiFile;
import io.github.bilibiliapi.client.BiliApiRequest;
import io.github.bilibiliapi.client.BiliApiResponse;
import io.github.bilibiliapi.client.BiliClientException;
import io.github.bilibiliapi.client.BiliTimeoutException;
import io.github.bilibiliapi.client.BiliWsMessage;
import io.github.bilibiliapi.client.ClientSettings;
import io.github.bilibiliapi.client.internal.CookieHeaders;
import io.github.bilibiliapi.client.internal.FrozenMap;
import io.github.bilibiliapi.client.internal.InsecureTls;
import io.github.bilibiliapi.client.internal.ProxyResolver;
import io.github.bilibiliapi.client.internal.TlsContexts;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.SSLContext;
import javax.net.ssl.X509TrustManager;

/**
 * The backend-neutral half of a client, written once: the settings and the "user session as it is until a setting
 * changes" rule, the one TLS warning, argument checks before I/O, the exchange policy (the {@code Cookie} header,
 * redirects, the response size cap, the deadline, one retry of an idempotent request), the WebSocket handle table and
 * receive semantics, and closing. A backend is a one-hop transport: it supplies {@link #send(Exchange)} (one HTTP
 * request, as it is), {@link #openWebSocket}, {@link #applySettings} and {@link #closeResources}.
 *
 * @param <C> the backend's WebSocket connection type
 */
public abstract class AbstractBiliApiClient<C extends AbstractBiliApiClient.WsConnection> implements BiliApiClient {

    /** A backend's open WebSocket, as the base class drives it. */
    public interface WsConnection {

        /**
         * Returns the inbox the transport delivers into.
         *
         * @return the inbox
         */
        WsInbox inbox();

        /**
         * Sends a binary frame. The base class calls it once the previous send (or close) has completed.
         *
         * @param data the payload
         * @return completes when handed to the transport
         */
        CompletableFuture<Void> send(byte[] data);

        /**
         * Starts the close handshake; completes when the connection is closed (a connection the peer already closed
         * completes normally).
         *
         * @param code   the close code
         * @param reason the reason
         * @return completes when closed
         */
        CompletableFuture<Void> close(int code, String reason);

        /** Drops the connection at once, releasing its resources. Must not throw. */
        void abort();
    }

    /** How long a close handshake may take when the settings have no timeout: a silent peer must not keep a handle. */
    private static final Duration CLOSE_HANDSHAKE_WITHOUT_TIMEOUT = Duration.ofSeconds(30);

    private final String backendName;
    private final Object userSession;
    private final WsHandleTable<Socket<C>> sockets = new WsHandleTable<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Set<Call> calls = ConcurrentHashMap.newKeySet();
    private volatile ClientSettings settings;
    private volatile boolean settingsInForce;
    /** Only backends that refuse some proxy pay for resolving the environment's proxy per call. */
    private final boolean refusesSomeProxy = overridesUnsupportedProxy();

    /**
     * Creates the base.
     *
     * @param backendName the backend's name, for logs and metrics
     * @param settings    the settings
     * @param userSession the user's session, or {@code null} if the backend creates its own from the settings
     */
    protected AbstractBiliApiClient(String backendName, ClientSettings settings, Object userSession) {
        this.backendName = Objects.requireNonNull(backendName, "backendName");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.userSession = userSession;
        this.settingsInForce = userSession == null;
        checkProxy(settings);
        if (settingsInForce && !settings.verifySsl()) {
            InsecureTls.warn(backendName);
        }
    }

    @Override
    public final String backendName() {
        return backendName;
    }

    @Override
    public final ClientSettings settings() {
        return settings;
    }

    /**
     * Tells whether the settings apply, or the user's session is used as it is.
     *
     * @return {@code false} while a user session is used unchanged
     */
    protected final boolean settingsInForce() {
        return settingsInForce;
    }

    /**
     * Returns the session the user supplied.
     *
     * @return the user's session, or {@code null}
     */
    protected final Object userSession() {
        return userSession;
    }

    @Override
    public final void setTimeout(Duration timeout) {
        update(settings.withTimeout(timeout));
    }

    @Override
    public final void setProxy(String proxy) {
        update(settings.withProxy(proxy));
    }

    @Override
    public final void setVerifySsl(boolean verifySsl) {
        update(settings.withVerifySsl(verifySsl));
    }

    @Override
    public final void setTrustEnv(boolean trustEnv) {
        update(settings.withTrustEnv(trustEnv));
    }

    @Override
    public final void setMaxResponseBytes(int maxResponseBytes) {
        update(settings.withMaxResponseBytes(maxResponseBytes));
    }

    private synchronized void update(ClientSettings next) {
        ensureOpen();
        checkProxy(next); // a backend's rejection leaves the client as it was
        ClientSettings previous = settings;
        boolean leavingUserSession = !settingsInForce;
        settings = next;
        settingsInForce = true;
        if (!next.verifySsl() && (previous.verifySsl() || leavingUserSession)) {
            InsecureTls.warn(backendName);
        }
        try {
            applySettings(next, previous, leavingUserSession);
        } catch (RuntimeException e) {
            // a backend that cannot apply the settings (e.g. a proxy kind it does not support) leaves the old ones
            settings = previous;
            settingsInForce = !leavingUserSession;
            throw e;
        }
    }

    /**
     * Explains why this backend cannot send through a proxy, or answers {@code null} if it can. The base class asks
     * about the settings' proxy at creation and on every setter (an {@link IllegalArgumentException} with the reason,
     * nothing changed), and, with {@link ClientSettings#trustEnv()}, about the proxy the environment names for each
     * request hop and WebSocket (the call fails with a {@link BiliClientException} before any I/O): a library that
     * ignores a proxy it cannot speak would silently connect directly. Called from the constructor: answer from the
     * argument alone. The default accepts every proxy; only a backend that overrides this resolves the environment's
     * proxy per call.
     *
     * @param proxy a proxy
     * @return what the backend cannot do and what to use instead, or {@code null}
     */
    protected String unsupportedProxy(ProxySpec proxy) {
        return null;
    }

    private void checkProxy(ClientSettings next) {
        ProxySpec proxy = next.proxySpec();
        String reason = proxy == null ? null : unsupportedProxy(proxy);
        if (reason != null) {
            throw new IllegalArgumentException("The " + backendName + " backend cannot use the proxy " + proxy
                    + " of the settings: " + reason);
        }
    }

    /** The failure of a call to a URL whose proxy from the environment this backend refuses, or {@code null}. */
    private BiliClientException refusedProxy(String action, URI target) {
        // the settings' own proxy was accepted when set: a refused one comes from the environment
        ProxySpec proxy = refusesSomeProxy && settingsInForce ? proxyFor(settings, target) : null;
        String reason = proxy == null ? null : unsupportedProxy(proxy);
        return reason == null ? null : new BiliClientException(action + " " + UriEncoding.withoutQuery(
                target.toString()) + " failed (" + backendName + "): the proxy " + proxy + " from the environment "
                + "(HTTP(S)_PROXY / ALL_PROXY or JVM properties) cannot be used: " + reason);
    }

    private boolean overridesUnsupportedProxy() {
        for (Class<?> c = getClass(); c != AbstractBiliApiClient.class; c = c.getSuperclass()) {
            try {
                c.getDeclaredMethod("unsupportedProxy", ProxySpec.class);
                return true;
            } catch (NoSuchMethodException notHere) {
                // look further up
            }
        }
        return false;
    }

    /**
     * Applies new settings, for example by deriving a new session from the user's or the current one. Called under a
     * lock, after the settings changed; requests already running may finish on the previous session.
     *
     * @param next               the new settings
     * @param previous           the previous settings
     * @param leavingUserSession {@code true} the first time settings replace a user session used as is
     */
    protected abstract void applySettings(ClientSettings next, ClientSettings previous, boolean leavingUserSession);

    @Override
    public final CompletableFuture<BiliApiResponse> request(BiliApiRequest request) {
        Objects.requireNonNull(request, "request");
        ensureOpen();
        String url = request.fullUrl();
        checkHttp(url);
        return new Call(request.allowRedirects())
                .start(new Hop(request.method(), url, null, sentHeaders(request), request.body(), request.files()));
    }

    /** The request's headers with its cookies merged into one {@code Cookie} header (after one the caller set). */
    private static Map<String, String> sentHeaders(BiliApiRequest request) {
        Map<String, String> given = request.headers();
        String existingCookie = null;
        for (Map.Entry<String, String> e : given.entrySet()) {
            if (e.getKey().equalsIgnoreCase("Cookie")) {
                existingCookie = e.getValue();
            }
        }
        String cookie = CookieHeaders.cookieHeader(existingCookie, request.cookies());
        if (existingCookie == null && given instanceof FrozenMap<String> frozen) {
            // the usual request: shared headers and one account's cookies give the same map on every call
            return cookie == null ? frozen : FrozenMap.with(frozen, "Cookie", cookie);
        }
        if (given.isEmpty() && cookie == null) {
            return Map.of();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        given.forEach((name, value) -> {
            if (!name.equalsIgnoreCase("Cookie")) {
                headers.put(name, value);
            }
        });
        if (cookie != null) {
            headers.put("Cookie", cookie);
        }
        return headers;
    }

    /**
     * Refuses what is not http(s). The URL itself is well formed: {@link BiliApiRequest} checked it with
     * {@link URI} and the query appended to it is our own encoding; it is parsed into a {@link URI} again only when
     * something asks for one ({@link Exchange#uri()}, a redirect, a proxy check).
     */
    private static void checkHttp(String url) {
        if (!url.regionMatches(true, 0, "http://", 0, 7) && !url.regionMatches(true, 0, "https://", 0, 8)) {
            throw new IllegalArgumentException("request() takes http:// or https:// URLs (WebSockets: wsCreate), got: "
                    + UriEncoding.withoutQuery(url));
        }
    }

    /**
     * Parses a URL that {@link BiliApiRequest} or a redirect's resolution already checked.
     *
     * @param url the URL, query encoded once
     * @return the URI (never re-encoding the signed query)
     */
    static URI parse(String url) {
        try {
            return new URI(url);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Malformed URL: " + UriEncoding.withoutQuery(url), e);
        }
    }

    /**
     * The one-hop transport: sends the exchange's request exactly once, as it is, and delivers the response to it (see
     * {@link Exchange}). Never follows a redirect, never retries, never adds cookies of its own: redirects, the
     * {@code Cookie} header, the response size cap, the deadline and the one retry of an idempotent request are done
     * by this class, the same way for every backend. Register an abort action with {@link Exchange#onAbort} before
     * the call can block. A {@link RuntimeException} thrown here (for example an {@link IllegalArgumentException} for
     * a header the library cannot send) reaches the caller of {@link #request} as it is, before any I/O.
     *
     * @param exchange the request to send and where its response goes
     */
    protected abstract void send(Exchange exchange);

    /**
     * Runs {@code expiry} once {@code timeout} has passed, unless the returned action cancels it first. The default
     * keeps the deadlines of all calls in one concurrent set swept by the JDK's {@link CompletableFuture} timer
     * thread when the earliest is due (arming and cancelling take no lock); a backend with a timer of its own (an
     * event loop) may use that instead.
     *
     * @param expiry  what to run
     * @param timeout after how long
     * @return cancels the timer; must be cheap and safe to call more than once
     */
    protected Runnable scheduleDeadline(Runnable expiry, Duration timeout) {
        return Deadlines.SHARED.schedule(expiry, timeout);
    }

    /**
     * One request as sent on one hop: the caller's, or the next one after a redirect ({@code parsed} is the URI of
     * {@code url} when one was already made, else {@code null}).
     */
    private record Hop(String method, String url, URI parsed, Map<String, String> headers, BiliApiRequest.Body body,
            Map<String, BiliApiFile> files) {
    }

    /**
     * The policy around the hops of one {@link #request}, in this order: redirects (one rule set), the response size
     * cap (in {@link Exchange}), one deadline over the whole call, one retry of a GET or HEAD whose connection failed
     * before any response arrived (a pooled connection the server closed as it was reused).
     */
    private final class Call {

        private final boolean followRedirects;
        private final ClientSettings callSettings = settings;
        private final CompletableFuture<BiliApiResponse> result = new CompletableFuture<>();
        private volatile Exchange current;
        private volatile Runnable cancelDeadline;
        private int redirects;
        private boolean retried;

        Call(boolean followRedirects) {
            this.followRedirects = followRedirects;
        }

        CompletableFuture<BiliApiResponse> start(Hop first) {
            calls.add(this);
            if (settingsInForce && callSettings.hasTimeout()) {
                cancelDeadline = scheduleDeadline(() -> abort(new TimeoutException("call timeout")),
                        callSettings.timeout());
            }
            result.whenComplete((r, error) -> {
                calls.remove(this);
                if (cancelDeadline != null) {
                    cancelDeadline.run();
                }
                Exchange x = current;
                if (x != null && !x.isDone()) {
                    x.abort(error != null ? error : new CancellationException());
                }
            });
            try {
                send(first);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                throw e; // bad input the backend found before any I/O
            }
            return result;
        }

        String describe() {
            Exchange x = current;
            return x == null ? "A request" : x.method() + " " + UriEncoding.withoutQuery(x.url());
        }

        void abort(Throwable reason) {
            Exchange x = current;
            if (x != null) {
                x.abort(reason);
            } else {
                result.completeExceptionally(reason);
            }
        }

        private void send(Hop hop) {
            Exchange x = new Exchange(AbstractBiliApiClient.this, hop.method(), hop.url(), hop.parsed(), hop.headers(),
                    hop.body(), hop.files(), callSettings.maxResponseBytes(),
                    (exchange, response, error) -> done(hop, exchange, response, error));
            current = x;
            if (result.isDone()) {
                x.abort(new CancellationException()); // cancelled, timed out or closed meanwhile
                return;
            }
            BiliClientException refused = refusesSomeProxy && settingsInForce ? refusedProxy(hop.method(), x.uri())
                    : null;
            if (refused != null) {
                x.fail(refused);
                return;
            }
            AbstractBiliApiClient.this.send(x);
        }

        private void sendLater(Hop hop) {
            try {
                send(hop);
            } catch (RuntimeException e) {
                fail(hop, e);
            }
        }

        private void done(Hop hop, Exchange x, BiliApiResponse response, Throwable error) {
            if (result.isDone()) {
                return;
            }
            if (error != null) {
                if (!retried && !x.aborted() && !x.headReceived() && !isClosed()
                        && (hop.method().equals("GET") || hop.method().equals("HEAD")) && retryable(error)) {
                    retried = true;
                    sendLater(hop);
                } else {
                    fail(hop, error);
                }
                return;
            }
            if (followRedirects && REDIRECTS.contains(response.code()) && response.header("Location") != null) {
                Hop next;
                try {
                    next = redirect(hop, response);
                } catch (RuntimeException e) { // refused (a BiliClientException), or a Location we cannot follow
                    result.completeExceptionally(e);
                    return;
                }
                if (next != null) {
                    redirects++;
                    sendLater(next);
                    return;
                }
            }
            result.complete(response);
        }

        private void fail(Hop hop, Throwable error) {
            result.completeExceptionally(failure(hop.method(), hop.url(), error));
        }

        /** The next hop, or {@code null} when the 3xx is the answer (a Location that is not http(s)). */
        private Hop redirect(Hop hop, BiliApiResponse response) {
            URI from = hop.parsed() != null ? hop.parsed() : parse(hop.url());
            URI next;
            try {
                next = from.resolve(response.header("Location").strip());
            } catch (IllegalArgumentException unusable) {
                return null;
            }
            String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(Locale.ROOT);
            if (!(scheme.equals("http") || scheme.equals("https")) || next.getHost() == null) {
                return null;
            }
            String what = hop.method() + " " + UriEncoding.withoutQuery(hop.url()) + " failed ("
                    + backendName + "): ";
            if (scheme.equals("http") && from.getScheme().equalsIgnoreCase("https")
                    && !callSettings.httpsToHttpRedirects()) {
                throw new BiliClientException(what + "redirect from https to http refused (allow it with "
                        + "ClientSettings.withHttpsToHttpRedirects)");
            }
            if (redirects >= MAX_REDIRECTS) {
                throw new BiliClientException(what + "more than " + MAX_REDIRECTS + " redirects");
            }
            int code = response.code();
            boolean toGet = code == 303 && !hop.method().equals("HEAD")
                    || (code == 301 || code == 302) && hop.method().equals("POST");
            Map<String, String> headers = new LinkedHashMap<>();
            boolean sameOrigin = sameOrigin(from, next);
            hop.headers().forEach((name, value) -> {
                String n = name.toLowerCase(Locale.ROOT);
                boolean credential = n.equals("cookie") || n.equals("authorization") || n.equals("proxy-authorization");
                boolean content = n.equals("content-type") || n.equals("content-length");
                if (!(credential && !sameOrigin) && !(content && toGet)) {
                    headers.put(name, value);
                }
            });
            return toGet ? new Hop("GET", next.toString(), next, headers, BiliApiRequest.Body.NONE, Map.of())
                    : new Hop(hop.method(), next.toString(), next, headers, hop.body(), hop.files());
        }
    }

    /** The statuses a followed redirect has. */
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    /** The most redirects one request follows. */
    public static final int MAX_REDIRECTS = 20;

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : uri.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    /**
     * Tells whether a failure before any response byte looks like a pooled connection the server closed as it was
     * reused: the connection ended (end of stream, closed channel, reset) and nothing else went wrong (a refused or
     * unresolvable connection, TLS, a proxy's refusal, a timeout are not retried).
     */
    private static boolean retryable(Throwable error) {
        boolean ended = false;
        for (Throwable c = unwrap(error); c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof BiliClientException || c instanceof java.net.ConnectException
                    || c instanceof java.net.UnknownHostException || c instanceof java.net.NoRouteToHostException
                    || c instanceof javax.net.ssl.SSLException || isTimeout(c)) {
                return false;
            }
            String message = String.valueOf(c.getMessage());
            ended |= c instanceof java.io.EOFException || c instanceof java.nio.channels.ClosedChannelException
                    || c.getClass().getSimpleName().equals("PrematureCloseException")
                    || c instanceof java.io.IOException && (message.contains("end of stream")
                            || message.contains("received no bytes") || message.contains("Connection reset"));
        }
        return ended;
    }

    @Override
    public final CompletableFuture<Integer> wsCreate(String url, Map<String, String> params,
            Map<String, String> headers, Map<String, String> cookies) {
        ensureOpen();
        Map<String, String> p = params == null ? Map.of() : params;
        Map<String, String> h = headers == null ? Map.of() : headers;
        Map<String, String> c = cookies == null ? Map.of() : cookies;
        URI uri = webSocketUri(url, p);
        CookieHeaders.validate(c);
        Map<String, String> allHeaders = new LinkedHashMap<>();
        String existingCookie = null;
        for (Map.Entry<String, String> e : h.entrySet()) {
            if (e.getKey().equalsIgnoreCase("Cookie")) {
                existingCookie = e.getValue();
            } else {
                allHeaders.put(e.getKey(), e.getValue());
            }
        }
        String cookieHeader = CookieHeaders.cookieHeader(existingCookie, c);
        if (cookieHeader != null) {
            allHeaders.put("Cookie", cookieHeader);
        }
        BiliClientException refused = refusedProxy("WebSocket", uri);
        CompletableFuture<C> opening = refused != null ? CompletableFuture.failedFuture(refused)
                : openWebSocket(uri, Map.copyOf(allHeaders));
        ClientSettings s = settings;
        if (s.hasTimeout()) {
            // completes the backend's own future: a handshake that finishes later finds it done and aborts
            opening.orTimeout(s.timeout().toMillis(), TimeUnit.MILLISECONDS);
        }
        return opening.handle((connection, error) -> {
            if (error != null) {
                throw new CompletionException(failure("WebSocket connect", uri.toString(), error));
            }
            if (closed.get()) {
                connection.inbox().closed();
                connection.abort();
                throw new IllegalStateException("The " + backendName + " client was closed while connecting");
            }
            return sockets.add(new Socket<>(connection));
        });
    }

    /** An open WebSocket and the tail of its sends: sends and the close reach the backend one at a time, in order. */
    private static final class Socket<C extends WsConnection> {
        final C connection;
        private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

        Socket(C connection) {
            this.connection = connection;
        }

        synchronized CompletableFuture<Void> then(java.util.function.Supplier<CompletableFuture<Void>> next) {
            CompletableFuture<Void> step = tail.handle((ignored, error) -> null) // a failed send blocks no other
                    .thenCompose(ignored -> {
                        try {
                            return next.get();
                        } catch (RuntimeException e) {
                            return CompletableFuture.failedFuture(e);
                        }
                    });
            tail = step;
            return step;
        }
    }

    private static URI webSocketUri(String url, Map<String, String> params) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("WebSocket URL must not be blank");
        }
        URI uri;
        try {
            uri = new URI(UriEncoding.appendQuery(url.strip(), params));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Malformed WebSocket URL: " + UriEncoding.withoutQuery(url), e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ws") && !scheme.equals("wss")) {
            throw new IllegalArgumentException("WebSocket URL must start with ws:// or wss://, got: "
                    + UriEncoding.withoutQuery(url));
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("WebSocket URL has no host: " + UriEncoding.withoutQuery(url));
        }
        return uri;
    }

    /**
     * Opens a WebSocket. The base class bounds the handshake by the timeout by completing the returned future
     * exceptionally: abort the handshake when that happens, and abort a connection whose handshake finishes after the
     * future is done ({@link #handshake} does both for a library whose handshake is a {@link CompletableFuture}).
     * Failures are mapped by the base class (a {@link BiliClientException} passes as it is).
     *
     * @param uri     the full URI, query included
     * @param headers handshake headers, the {@code Cookie} header included
     * @return the open connection
     */
    protected abstract CompletableFuture<C> openWebSocket(URI uri, Map<String, String> headers);

    /**
     * Adapts a library's handshake to what {@link #openWebSocket} returns: the connection once the handshake has
     * completed. When the base class gives up first (the timeout, or the handshake failed), the handshake is cancelled
     * with {@code cancel(true)}, and a connection whose handshake completes after that is aborted.
     *
     * @param handshake the library's handshake; its {@code cancel(true)} must abort it
     * @param opened    makes the connection of a completed handshake
     * @param <T>       what the library's handshake yields
     * @param <C>       the connection type
     * @return the future to return from {@link #openWebSocket}
     */
    protected static <T, C extends WsConnection> CompletableFuture<C> handshake(CompletableFuture<T> handshake,
            java.util.function.Function<? super T, ? extends C> opened) {
        CompletableFuture<C> result = new CompletableFuture<>();
        handshake.whenComplete((value, error) -> {
            if (error != null) {
                result.completeExceptionally(error);
                return;
            }
            C connection;
            try {
                connection = opened.apply(value);
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                return;
            }
            if (!result.complete(connection)) {
                connection.abort(); // timed out meanwhile
            }
        });
        result.whenComplete((c, error) -> {
            if (error != null) {
                handshake.cancel(true);
            }
        });
        return result;
    }

    @Override
    public final CompletableFuture<Void> wsSend(int handle, byte[] data) {
        Objects.requireNonNull(data, "data");
        Socket<C> socket = sockets.get(handle);
        if (!socket.connection.inbox().isOpen()) {
            return CompletableFuture.failedFuture(
                    new IllegalStateException("WebSocket handle " + handle + " is closing or closed"));
        }
        return socket.then(() -> socket.connection.inbox().isOpen() ? socket.connection.send(data)
                : CompletableFuture.failedFuture(new IllegalStateException("The WebSocket is closing or closed")));
    }

    @Override
    public final CompletableFuture<BiliWsMessage> wsRecv(int handle) {
        return sockets.get(handle).connection.inbox().receive();
    }

    @Override
    public final CompletableFuture<Void> wsClose(int handle) {
        Socket<C> socket = sockets.get(handle);
        C connection = socket.connection;
        connection.inbox().closing();
        // after the sends already handed over: a close frame must not overtake them
        CompletableFuture<Void> closing = socket.then(() -> connection.close(1000, ""));
        // a peer that never answers the close frame must not keep the handle alive
        Duration bound = settings.hasTimeout() ? settings.timeout() : CLOSE_HANDSHAKE_WITHOUT_TIMEOUT;
        return closing.orTimeout(bound.toMillis(), TimeUnit.MILLISECONDS)
                .handle((ignored, error) -> {
                    sockets.remove(handle);
                    connection.inbox().closed();
                    if (error != null) {
                        connection.abort();
                        if (!(unwrap(error) instanceof TimeoutException)) {
                            throw new CompletionException(failure("closing WebSocket", null, unwrap(error)));
                        }
                    }
                    return null;
                });
    }

    /**
     * Returns the number of open WebSocket handles.
     *
     * @return the size of the handle table
     */
    public final int openWebSockets() {
        return sockets.size();
    }

    /**
     * Returns the proxy a URL goes through under the given settings: the explicit proxy, else (with
     * {@link ClientSettings#trustEnv()}) the environment's {@code http_proxy}/{@code https_proxy}/{@code all_proxy}
     * minus {@code no_proxy}, then the JVM's proxy properties.
     *
     * @param settings the settings
     * @param target   the URL
     * @return the proxy, or {@code null} for a direct connection
     */
    protected static ProxySpec proxyFor(ClientSettings settings, URI target) {
        return new ProxyResolver(settings).resolve(target);
    }

    /**
     * Returns the TLS context of the settings ({@link ClientSettings#tls()}, or trust-all with
     * {@code verifySsl=false}).
     *
     * @param settings the settings
     * @return a new context, or {@code null} when the JVM's default applies
     */
    protected static SSLContext sslContext(ClientSettings settings) {
        return TlsContexts.sslContext(settings);
    }

    /**
     * Returns the trust manager of the settings, for libraries that want it next to the context.
     *
     * @param settings the settings
     * @return the trust manager (the JVM default one when nothing is configured)
     */
    protected static X509TrustManager trustManager(ClientSettings settings) {
        return TlsContexts.trustManager(settings);
    }

    @Override
    public final void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (Socket<C> socket : sockets.removeAll()) {
            socket.connection.inbox().closed();
            socket.connection.abort();
        }
        for (Call call : calls) {
            call.abort(new BiliClientException(call.describe() + " aborted: the " + backendName + " client was closed"));
        }
        closeResources();
    }

    /**
     * Releases what this client created (never the user's session). Called once.
     */
    protected abstract void closeResources();

    /**
     * Tells whether {@link #close()} was called.
     *
     * @return {@code true} once closed
     */
    protected final boolean isClosed() {
        return closed.get();
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException("This " + backendName + " client is closed");
        }
    }

    /**
     * Maps a backend failure to the SPI's exception, naming the action and the URL without its query.
     *
     * @param action what was done, for example {@code GET}
     * @param url    the URL, may be {@code null}
     * @param error  the failure
     * @return a {@link BiliTimeoutException} for timeouts, the error itself if it already is a
     *         {@link BiliClientException}, else a new {@link BiliClientException}
     */
    protected final BiliClientException failure(String action, String url, Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof BiliClientException b) {
            return b;
        }
        String where = url == null ? "" : " " + UriEncoding.withoutQuery(url);
        if (isTimeout(cause)) {
            return new BiliTimeoutException(action + where + " timed out after " + settings.timeout()
                    + " (" + backendName + ")", cause);
        }
        return new BiliClientException(action + where + " failed (" + backendName + "): " + describe(cause), cause);
    }

    /**
     * The failure of a response whose body is larger than {@link ClientSettings#maxResponseBytes()}: names the
     * action, the URL without its query and the cap.
     *
     * @param action what was done, for example {@code GET}
     * @param url    the URL
     * @param cap    the cap in force, in bytes
     * @return the exception
     */
    protected final BiliClientException responseTooLarge(String action, String url, long cap) {
        return new BiliClientException(action + " " + UriEncoding.withoutQuery(url) + " failed (" + backendName
                + "): the response body is larger than the cap of " + cap + " bytes (ClientSettings.maxResponseBytes)");
    }

    private static boolean isTimeout(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TimeoutException || c instanceof java.net.SocketTimeoutException
                    || c instanceof java.net.http.HttpTimeoutException
                    || c.getClass().getSimpleName().contains("Timeout")
                    // a library's own call timeout (OkHttp's, on a user's client that sets one)
                    || c instanceof java.io.InterruptedIOException && "timeout".equals(c.getMessage())) {
                return true;
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return false;
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        // queries in messages may carry signatures or tokens
        return t.getClass().getSimpleName() + (message == null ? "" : ": " + message.replaceAll("\\?[^\\s\"'<>]*", "?…"));
    }

    /**
     * Unwraps {@link CompletionException} and {@link java.util.concurrent.ExecutionException} layers.
     *
     * @param error an error
     * @return the underlying cause
     */
    protected static Throwable unwrap(Throwable error) {
        Throwable t = error;
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }
}
