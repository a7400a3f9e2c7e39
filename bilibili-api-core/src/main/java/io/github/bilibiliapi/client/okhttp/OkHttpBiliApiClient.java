package io.github.bilibiliapi.client.okhttp;

import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiRequest;
import io.github.bilibiliapi.client.BiliWsMessage;
import io.github.bilibiliapi.client.BiliWsMsgType;
import io.github.bilibiliapi.client.ClientSettings;
import io.github.bilibiliapi.client.internal.CookieHeaders;
import io.github.bilibiliapi.client.internal.DaemonThreads;
import io.github.bilibiliapi.client.internal.InsecureTls;
import io.github.bilibiliapi.client.internal.ProxyResolver;
import io.github.bilibiliapi.client.internal.ResponseHeaders;
import io.github.bilibiliapi.client.support.AbstractBiliApiClient;
import io.github.bilibiliapi.client.support.Exchange;
import io.github.bilibiliapi.client.support.ProxySpec;
import io.github.bilibiliapi.client.support.UriEncoding;
import io.github.bilibiliapi.client.support.WsInbox;
import java.io.IOException;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.ConnectionPool;
import okhttp3.CookieJar;
import okhttp3.Dispatcher;
import okhttp3.Headers;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.MultipartBody;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.WebSocket;
import okhttp3.WebSocketListener;
import okio.ByteString;

/**
 * The OkHttp backend: wraps an {@link OkHttpClient}.
 *
 * <p><b>Sessions.</b> Without a user session the client creates its own {@code OkHttpClient} with a private dispatcher
 * (daemon threads named {@code bili-okhttp-N-dispatcher}) and connection pool, and shuts both down on {@link #close()}.
 * A user's {@code OkHttpClient} is used exactly as it is until a setter is called; then the client used is derived from
 * it with {@link OkHttpClient#newBuilder()}, so it keeps sharing the user's connection pool and dispatcher. The user's
 * client is never changed or shut down: {@link #close()} only cancels the calls and WebSockets this client started.
 *
 * <p><b>One hop.</b> Every client used here follows no redirect and does not re-send a request when a pooled
 * connection fails ({@code retryOnConnectionFailure(false)}, also on a copy of a user's client): redirects, the
 * deadline, the response size cap and the one retry of an idempotent request are {@link AbstractBiliApiClient}'s.
 *
 * <p><b>Settings.</b> {@code timeout} is the connect, read and write timeout (so that none of OkHttp's 10 s defaults
 * cuts a longer call short), and it bounds a WebSocket handshake. {@code proxy}: {@code http://} and {@code socks5://} are
 * {@link java.net.Proxy}s; Basic credentials of an HTTP proxy are sent pre-emptively (a network interceptor for plain
 * HTTP, the proxy authenticator for CONNECT tunnels, which also answers a 407). OkHttp has no SOCKS authentication, so a
 * {@code socks5://user:pass@} URL is rejected. {@code https://} proxies (TLS to the proxy) are reached through a socket
 * factory that wraps the proxy connection in TLS. {@code trustEnv} uses the environment through a proxy selector;
 * without it and without a proxy the client uses {@link Proxy#NO_PROXY}. {@code verifySsl=false} and
 * {@link ClientSettings#tls()} install their TLS context on this client only.
 *
 * <p><b>WebSocket.</b> OkHttp pushes every message to its listener as it arrives and has no way to ask for less:
 * messages queue in the handle's inbox until received (no backpressure towards the server). OkHttp answers pings
 * itself, so no {@code PING}/{@code PONG} message ever surfaces. Outgoing messages go through OkHttp's queue, which
 * holds at most 16 MiB: a single frame is limited to 16 MiB and a send waits while the queue is full (sends are
 * chained, so concurrent sends never fail for that reason). Incoming frames have no size limit in OkHttp. OkHttp
 * counts an open WebSocket as a running call: on a client this backend creates, WebSockets use a dispatcher without
 * limits (same threads), so the HTTP limits (256 calls, 64 per host) do not cap the number of open rooms; on a user's
 * session the user's dispatcher limits apply.
 */
public final class OkHttpBiliApiClient extends AbstractBiliApiClient<OkHttpBiliApiClient.OkHttpWebSocket> {

    /** The registry name of this backend. */
    public static final String NAME = "okhttp";

    /** OkHttp's outgoing WebSocket queue limit (RealWebSocket.MAX_QUEUE_SIZE); a bigger send would close the socket. */
    static final long MAX_QUEUE_BYTES = 16L * 1024 * 1024;

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    /** The client settings derive from: the user's, or the one this client created. */
    private final OkHttpClient base;
    /** The dispatcher's threads of a client we created; {@code null} for a user session. */
    private final ExecutorService ownExecutor;
    /**
     * WebSockets of a client we created go through this dispatcher (same executor, no limits): OkHttp counts an open
     * WebSocket as a running call for its whole life, so under the HTTP dispatcher's 256/64 limits the 257th room of
     * a danmaku monitor would wait forever. Null for user sessions: their dispatcher is theirs to size.
     */
    private final Dispatcher webSocketDispatcher;
    /** URLs with each endpoint parsed once. */
    private final EndpointUrls urls = new EndpointUrls();
    /** Headers in OkHttp's form, built once for the calls that share them. */
    private final SentHeaders sentHeaders = new SentHeaders();
    /** The client in use (one hop: no redirects, no silent re-sends). */
    private volatile OkHttpClient current;

    private OkHttpBiliApiClient(ClientSettings settings, OkHttpClient userSession) {
        super(NAME, settings, userSession);
        if (userSession == null) {
            String prefix = "bili-okhttp-" + INSTANCES.incrementAndGet() + "-dispatcher";
            this.ownExecutor = DaemonThreads.cachedPool(prefix + "-");
            Dispatcher dispatcher = new Dispatcher(ownExecutor);
            // OkHttp's default of 5 concurrent calls per host would queue bursts to api.bilibili.com
            dispatcher.setMaxRequests(256);
            dispatcher.setMaxRequestsPerHost(64);
            this.webSocketDispatcher = new Dispatcher(ownExecutor);
            webSocketDispatcher.setMaxRequests(Integer.MAX_VALUE);
            webSocketDispatcher.setMaxRequestsPerHost(Integer.MAX_VALUE);
            // keep as many idle connections as calls may run per host, so bursts of 64 reuse them (default: 5)
            this.base = new OkHttpClient.Builder().dispatcher(dispatcher)
                    .connectionPool(new ConnectionPool(64, 5, TimeUnit.MINUTES)).build();
            this.current = derive(base, settings);
        } else {
            this.ownExecutor = null;
            this.webSocketDispatcher = null;
            this.base = userSession;
            this.current = oneHop(userSession.newBuilder()).build();
        }
    }

    /**
     * Creates a client.
     *
     * @param settings      the settings
     * @param sessionOrNull an {@code okhttp3.OkHttpClient} to use as it is until a setting changes, or {@code null} to
     *                      create one from the settings
     * @return the client
     * @throws IllegalArgumentException if the session is not an {@code OkHttpClient}, or the settings name a proxy
     *                                  OkHttp cannot use
     */
    public static BiliApiClient create(ClientSettings settings, Object sessionOrNull) {
        Objects.requireNonNull(settings, "settings");
        if (sessionOrNull != null && !(sessionOrNull instanceof OkHttpClient)) {
            throw new IllegalArgumentException("The okhttp backend accepts an okhttp3.OkHttpClient session, got "
                    + sessionOrNull.getClass().getName());
        }
        checkSupported(settings);
        return new OkHttpBiliApiClient(settings, (OkHttpClient) sessionOrNull);
    }

    private static void checkSupported(ClientSettings settings) {
        ProxySpec spec = settings.proxySpec();
        if (spec != null && spec.type() == ProxySpec.Type.SOCKS5 && spec.hasCredentials()) {
            throw new IllegalArgumentException("The okhttp backend cannot authenticate to a SOCKS proxy (OkHttp has "
                    + "no SOCKS authentication): " + ProxySpec.redact(settings.proxy()));
        }
    }

    /** One hop: no redirects, no silent re-send; our cookies kept next to a cookie jar's. */
    private static OkHttpClient.Builder oneHop(OkHttpClient.Builder b) {
        b.followRedirects(false).followSslRedirects(false).retryOnConnectionFailure(false);
        if (b.build().cookieJar() != CookieJar.NO_COOKIES) {
            b.addNetworkInterceptor(OkHttpBiliApiClient::keepOurCookies);
        }
        return b;
    }

    /** The {@code Cookie} header this client put on a request. */
    private record OurCookies(String header) {
    }

    /**
     * OkHttp's bridge replaces the request's {@code Cookie} header with the session's {@link CookieJar} cookies when
     * the jar has any for the URL, which would drop the credential's SESSDATA/bili_jct/buvid3. Runs after the bridge:
     * merges the jar's cookies with ours, ours winning on equal names.
     */
    private static Response keepOurCookies(Interceptor.Chain chain) throws IOException {
        Request request = chain.request();
        OurCookies ours = request.tag(OurCookies.class);
        String sent = request.header("Cookie");
        if (ours == null || ours.header().equals(sent)) {
            return chain.proceed(request);
        }
        Headers headers = request.headers().newBuilder().removeAll("Cookie")
                .addUnsafeNonAscii("Cookie", CookieHeaders.merge(sent, ours.header())).build();
        return chain.proceed(request.newBuilder().headers(headers).build());
    }

    private static OkHttpClient derive(OkHttpClient from, ClientSettings settings) {
        Duration timeout = settings.timeout();
        ProxyResolver resolver = new ProxyResolver(settings);
        OkHttpClient.Builder b = from.newBuilder()
                .callTimeout(Duration.ZERO) // the deadline is the base class's, over every hop
                .connectTimeout(timeout)
                .readTimeout(timeout)
                .writeTimeout(timeout);
        ProxySpec explicit = resolver.explicitProxy();
        if (explicit != null) {
            b.proxy(explicit.toJavaProxy());
            if (explicit.type() == ProxySpec.Type.HTTPS) {
                b.socketFactory(new ProxyTlsSocketFactory(explicit,
                        settings.verifySsl() ? null : sslContext(settings).getSocketFactory()));
            }
        } else if (resolver.alwaysDirect()) {
            b.proxy(Proxy.NO_PROXY);
        } else {
            b.proxy(null).proxySelector(resolver.asProxySelector());
        }
        // Basic credentials of HTTP proxies: pre-emptive for plain HTTP (OkHttp only asks the authenticator after a
        // 407), and through the authenticator for CONNECT tunnels, which OkHttp asks pre-emptively
        // a user's own authenticator still answers for proxies whose URL carries no credentials
        okhttp3.Authenticator users = from.proxyAuthenticator();
        b.proxyAuthenticator((route, response) -> {
            Request request = response.request();
            String auth = proxyAuthorization(resolver, request);
            if (auth == null) {
                return users.authenticate(route, response);
            }
            if (auth.equals(request.header("Proxy-Authorization"))) {
                return null; // our credentials were refused: give up, the 407 is returned
            }
            return request.newBuilder().header("Proxy-Authorization", auth).build();
        });
        b.addNetworkInterceptor(chain -> {
            Request request = chain.request();
            var connection = chain.connection();
            if (connection != null && !request.isHttps() && request.header("Proxy-Authorization") == null
                    && connection.route().proxy().type() == Proxy.Type.HTTP) {
                String auth = proxyAuthorization(resolver, request);
                if (auth != null) {
                    request = request.newBuilder().header("Proxy-Authorization", auth).build();
                }
            }
            return chain.proceed(request);
        });
        SSLContext tls = sslContext(settings);
        if (tls != null) {
            b.sslSocketFactory(tls.getSocketFactory(), trustManager(settings));
        }
        if (!settings.verifySsl()) {
            b.hostnameVerifier(InsecureTls.hostnameVerifier());
        }
        return oneHop(b).build();
    }

    private static String proxyAuthorization(ProxyResolver resolver, Request request) {
        ProxySpec spec = resolver.resolve(request.url().uri());
        return spec == null || spec.type() == ProxySpec.Type.SOCKS5 ? null : spec.basicAuthorization();
    }

    @Override
    public Object getWrappedSession() {
        return settingsInForce() ? current : base;
    }

    @Override
    protected void applySettings(ClientSettings next, ClientSettings previous, boolean leavingUserSession) {
        checkSupported(next);
        // always from the base: a user's TLS and proxy settings come back when ours are switched off again
        current = derive(base, next);
    }

    @Override
    protected void send(Exchange exchange) {
        OkHttpClient session = current;
        Request.Builder b = new Request.Builder().url(urls.get(exchange.url()))
                .headers(sentHeaders.of(exchange.headers(), exchange.contentType()));
        String cookie = session.cookieJar() == CookieJar.NO_COOKIES ? null : exchange.headers().get("Cookie");
        if (cookie != null) {
            b.tag(OurCookies.class, new OurCookies(cookie)); // read by keepOurCookies, there only with a jar
        }
        String method = exchange.method();
        RequestBody body = null;
        if (exchange.isMultipart()) {
            MultipartBody.Builder multipart = new MultipartBody.Builder().setType(MultipartBody.FORM);
            ((BiliApiRequest.Body.Form) exchange.body()).fields().forEach(multipart::addFormDataPart);
            exchange.files().forEach((name, file) -> multipart.addFormDataPart(name, file.fileName(),
                    // a File body streams from disk as it is written, never read whole into memory
                    RequestBody.create(file.path().toFile(), MediaType.get(file.mimeType()))));
            body = multipart.build();
        } else if (exchange.hasBody() || method.equals("POST") || method.equals("PUT") || method.equals("PATCH")) {
            body = RequestBody.create(exchange.bodyBytes(), null);
        }
        if (body != null && (method.equals("GET") || method.equals("HEAD"))) {
            throw new IllegalArgumentException("The okhttp backend cannot send a body with " + method + " "
                    + UriEncoding.withoutQuery(exchange.url()) + ": use POST, or query parameters");
        }
        Call call = session.newCall(b.method(method, body).build());
        exchange.onAbort(call::cancel);
        call.enqueue(new Callback() {
            @Override
            public void onFailure(Call c, IOException e) {
                exchange.fail(e);
            }

            @Override
            public void onResponse(Call c, Response response) {
                try (response) {
                    okhttp3.Headers h = response.headers();
                    ResponseHeaders.Builder headers = ResponseHeaders.builder(h.size());
                    for (int i = 0; i < h.size(); i++) {
                        headers.add(h.name(i), h.value(i));
                    }
                    exchange.head(response.code(), headers.build());
                    okio.BufferedSource source = response.body().source();
                    // the source's own segments handed over as they are: no buffer of ours per response
                    okio.Buffer buffer = source.getBuffer();
                    while (!source.exhausted()) {
                        try (okio.Buffer.UnsafeCursor cursor = buffer.readUnsafe()) {
                            for (int n = cursor.seek(0); n != -1; n = cursor.next()) {
                                if (!exchange.body(cursor.data, cursor.start, n)) {
                                    return;
                                }
                            }
                        }
                        buffer.clear();
                    }
                    exchange.complete();
                } catch (IOException | RuntimeException e) {
                    exchange.fail(e);
                }
            }
        });
    }

    @Override
    protected CompletableFuture<OkHttpWebSocket> openWebSocket(URI uri, Map<String, String> headers) {
        Request.Builder b = new Request.Builder().url(uri.toString());
        headers.forEach(b::addHeader);
        String cookie = headers.get("Cookie");
        if (cookie != null) {
            b.tag(OurCookies.class, new OurCookies(cookie));
        }
        Request request = b.build();
        String url = uri.toString();
        CompletableFuture<OkHttpWebSocket> opened = new CompletableFuture<>();
        OkHttpWebSocket connection = new OkHttpWebSocket();
        WebSocketListener listener = new WebSocketListener() {
            @Override
            public void onOpen(WebSocket webSocket, Response response) {
                connection.socket = webSocket;
                if (!opened.complete(connection)) {
                    webSocket.cancel(); // the handshake timed out meanwhile
                }
            }

            @Override
            public void onMessage(WebSocket webSocket, String text) {
                connection.inbox.offer(new BiliWsMessage(text.getBytes(StandardCharsets.UTF_8), BiliWsMsgType.TEXT));
            }

            @Override
            public void onMessage(WebSocket webSocket, ByteString bytes) {
                connection.inbox.offer(new BiliWsMessage(bytes.toByteArray(), BiliWsMsgType.BINARY));
            }

            @Override
            public void onClosing(WebSocket webSocket, int code, String reason) {
                connection.inbox.peerClosed(code, reason);
                // answer the peer's close frame at once, as RFC 6455 asks; onClosed follows
                webSocket.close(1000, null);
            }

            @Override
            public void onClosed(WebSocket webSocket, int code, String reason) {
                // not inbox.closed(): that would drop a peer's CLOSE message not yet received; the inbox already
                // answers CLOSED after it, and wsClose marks it closed
                connection.done.complete(null);
            }

            @Override
            public void onFailure(WebSocket webSocket, Throwable t, Response response) {
                if (!opened.isDone()) {
                    String status = response == null ? "" : " (HTTP " + response.code() + ")";
                    opened.completeExceptionally(failure("WebSocket connect" + status, url, t));
                } else {
                    connection.inbox.failed(failure("WebSocket", url, t));
                }
                // the transport is over either way; a wsClose after a failure just frees the handle
                connection.done.complete(null);
            }
        };
        // a handshake follows no redirect either, and it keeps our cookies next to a jar's
        OkHttpClient session = current;
        if (webSocketDispatcher != null) {
            session = session.newBuilder().dispatcher(webSocketDispatcher).build();
        }
        WebSocket socket = session.newWebSocket(request, listener);
        connection.socket = socket;
        opened.whenComplete((c, error) -> {
            if (error != null) {
                socket.cancel(); // failed, or timed out by the base class
            }
        });
        return opened;
    }

    @Override
    protected void closeResources() {
        if (ownExecutor != null) {
            base.dispatcher().cancelAll();
            webSocketDispatcher.cancelAll();
            ownExecutor.shutdown();
            base.connectionPool().evictAll();
        }
        // a user's dispatcher and pool stay; the base class aborted what this client started
    }

    /** One OkHttp WebSocket with its inbox. */
    static final class OkHttpWebSocket implements AbstractBiliApiClient.WsConnection {

        // OkHttp pushes; demand has nothing to ask for
        private final WsInbox inbox = new WsInbox(() -> { });
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private volatile WebSocket socket;

        @Override
        public WsInbox inbox() {
            return inbox;
        }

        @Override
        public CompletableFuture<Void> send(byte[] data) {
            if (data.length > MAX_QUEUE_BYTES) {
                return CompletableFuture.failedFuture(new IllegalArgumentException("The okhttp backend sends "
                        + "WebSocket frames of at most 16 MiB (OkHttp's queue limit), got " + data.length + " bytes"));
            }
            CompletableFuture<Void> result = new CompletableFuture<>();
            tryEnqueue(ByteString.of(data), result); // waits for room in OkHttp's queue
            return result;
        }

        private void tryEnqueue(ByteString payload, CompletableFuture<Void> result) {
            WebSocket ws = socket;
            if (!inbox.isOpen() || done.isDone()) {
                result.completeExceptionally(new IllegalStateException("The WebSocket is closing or closed"));
                return;
            }
            if (ws.queueSize() + payload.size() > MAX_QUEUE_BYTES) {
                // OkHttp would close the socket rather than queue past 16 MiB: wait for the writer to drain it
                Executor later = CompletableFuture.delayedExecutor(2, TimeUnit.MILLISECONDS);
                later.execute(() -> tryEnqueue(payload, result));
                return;
            }
            if (ws.send(payload)) {
                result.complete(null);
            } else {
                result.completeExceptionally(new IllegalStateException("The WebSocket is closing or closed"));
            }
        }

        @Override
        public CompletableFuture<Void> close(int code, String reason) {
            WebSocket ws = socket;
            if (ws != null && !done.isDone()) {
                ws.close(code, reason == null || reason.isEmpty() ? null : reason);
            }
            return done;
        }

        @Override
        public void abort() {
            WebSocket ws = socket;
            if (ws != null) {
                ws.cancel();
            }
            done.complete(null);
        }
    }
}
