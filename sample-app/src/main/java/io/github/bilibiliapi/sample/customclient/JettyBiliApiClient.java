package io.github.bilibiliapi.sample.customclient;

import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiRequest;
import io.github.bilibiliapi.client.BiliWsMessage;
import io.github.bilibiliapi.client.BiliWsMsgType;
import io.github.bilibiliapi.client.ClientSettings;
import io.github.bilibiliapi.client.support.AbstractBiliApiClient;
import io.github.bilibiliapi.client.support.Exchange;
import io.github.bilibiliapi.client.support.ProxySpec;
import io.github.bilibiliapi.client.support.WsInbox;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.client.BasicAuthentication;
import org.eclipse.jetty.client.BytesRequestContent;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.HttpProxy;
import org.eclipse.jetty.client.MultiPartRequestContent;
import org.eclipse.jetty.client.Origin;
import org.eclipse.jetty.client.ProxyConfiguration;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.client.Result;
import org.eclipse.jetty.client.Socks5;
import org.eclipse.jetty.client.Socks5Proxy;
import org.eclipse.jetty.http.HttpCookieStore;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.io.ByteBufferPool;
import org.eclipse.jetty.util.component.LifeCycle;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.util.thread.Scheduler;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.ClientUpgradeRequest;
import org.eclipse.jetty.websocket.client.WebSocketClient;

/**
 * A complete bilibili-api backend over Jetty 12's {@link HttpClient} and {@link WebSocketClient}, written the way an
 * application outside this project would write one: it uses only the public API of {@code bilibili-api-core}
 * ({@link AbstractBiliApiClient} and the shared pieces in {@code io.github.bilibiliapi.client.support}). The guide
 * {@code docs/custom-client.md} walks through it.
 *
 * <p><b>Sessions.</b> The wrapped session is a Jetty {@link HttpClient}. Without a user session this client creates one
 * thread pool ({@code bili-jetty-N-*} daemon threads) and one scheduler, and an {@code HttpClient} from the settings on
 * top of them; every settings change builds a new {@code HttpClient} on the same pool (Jetty fixes TLS and the
 * connector at start, so it cannot be re-configured or "derived" like an OkHttp client). A user's started
 * {@code HttpClient} is used exactly as it is until a setter is called; from then on an {@code HttpClient} built from
 * the settings is used, sharing the user's executor, scheduler and buffer pool (never their connection pool: Jetty
 * keeps pools per {@code HttpClient}). A user's client is never changed or stopped; {@link #close()} only aborts the
 * requests and WebSockets this client started on it.
 *
 * <p><b>One hop.</b> {@link #send(Exchange)} sends each request once, as it is, and streams the response into the
 * {@link Exchange}: redirects, cookies, the response size cap, the deadline and the one retry of an idempotent request
 * are {@link AbstractBiliApiClient}'s, the same as for the built-in backends.
 *
 * <p><b>Settings.</b> {@code timeout}: the connect timeout and the WebSocket handshake's total timeout. {@code proxy}:
 * {@code http://}, {@code https://} (TLS to the proxy) and {@code socks5://}, Basic credentials pre-emptively for
 * HTTP proxies (also on the {@code CONNECT} of a tunnel) and user name/password authentication (RFC 1929) for SOCKS5.
 * {@code trustEnv}: every URL is routed through {@code proxyFor}; Jetty chooses a proxy once per destination (scheme,
 * host, port), so a change of the environment reaches destinations this client already used only after a settings
 * change. {@code verifySsl=false} and {@code tls}: the base class's TLS context on this client's
 * {@code SslContextFactory} only. Cookies: clients this class creates have no cookie store
 * ({@link HttpCookieStore.Empty}).
 *
 * <p><b>WebSocket.</b> Jetty's explicit demand model ({@link Session#demand()}: one event per call) drives the
 * {@link WsInbox}: a frame is read from the socket only when a {@code wsRecv} waits for it, so a slow consumer applies
 * TCP backpressure. Consequently pings are answered only while a receive is pending (they surface as {@code PING}
 * messages). Messages up to {@value #MAX_WS_MESSAGE_BYTES} bytes, in one frame or many; no idle timeout (liveness is
 * the caller's, for example the danmaku heartbeat).
 */
public final class JettyBiliApiClient extends AbstractBiliApiClient<JettyBiliApiClient.JettyWebSocket> {

    /** The registry name of this backend. */
    public static final String NAME = "jetty";

    /** The largest WebSocket message and frame accepted, in bytes. */
    static final int MAX_WS_MESSAGE_BYTES = 32 * 1024 * 1024;

    private static final AtomicInteger INSTANCES = new AtomicInteger();

    private final String name = "bili-jetty-" + INSTANCES.incrementAndGet();
    /** The user's session, or {@code null}. */
    private final HttpClient userClient;
    /** Threads and buffers every HttpClient of this client runs on: ours, or the user's. */
    private final Executor executor;
    private final Scheduler scheduler;
    private final ByteBufferPool bufferPool;
    /** Our own pool and scheduler, stopped last by {@link #close()}; {@code null} with a user session. */
    private final QueuedThreadPool ownExecutor;
    private final ScheduledExecutorScheduler ownScheduler;
    /** Every transport not yet stopped: the current one and retired ones still finishing their work. */
    private final Set<Transport> transports = ConcurrentHashMap.newKeySet();
    private volatile Transport current;

    private JettyBiliApiClient(ClientSettings settings, HttpClient userClient) {
        super(NAME, settings, userClient);
        this.userClient = userClient;
        if (userClient == null) {
            ownExecutor = new QueuedThreadPool(64, 1, 60_000);
            ownExecutor.setName(name);
            ownExecutor.setDaemon(true);
            ownExecutor.setReservedThreads(0); // no idle threads parked "just in case"
            ownScheduler = new ScheduledExecutorScheduler(name + "-scheduler", true);
            LifeCycle.start(ownExecutor);
            LifeCycle.start(ownScheduler);
            executor = ownExecutor;
            scheduler = ownScheduler;
            bufferPool = null; // each HttpClient makes its own
            try {
                current = newTransport(settings);
            } catch (RuntimeException e) {
                LifeCycle.stop(ownScheduler);
                LifeCycle.stop(ownExecutor);
                throw e;
            }
        } else {
            ownExecutor = null;
            ownScheduler = null;
            executor = userClient.getExecutor();
            scheduler = userClient.getScheduler();
            bufferPool = userClient.getByteBufferPool();
            current = new Transport(userClient, false, null); // the user's session as it is
        }
        transports.add(current);
    }

    /**
     * Creates a client: the factory registered as {@code JettyBiliApiClient::create}.
     *
     * @param settings      the settings
     * @param sessionOrNull a started {@code org.eclipse.jetty.client.HttpClient} to use as it is until a setting
     *                      changes, or {@code null} to create one from the settings
     * @return the client
     * @throws IllegalArgumentException if the session is not a started Jetty {@code HttpClient}
     */
    public static BiliApiClient create(ClientSettings settings, Object sessionOrNull) {
        if (sessionOrNull != null && !(sessionOrNull instanceof HttpClient)) {
            throw new IllegalArgumentException("The jetty backend accepts an org.eclipse.jetty.client.HttpClient "
                    + "session, got " + sessionOrNull.getClass().getName());
        }
        HttpClient user = (HttpClient) sessionOrNull;
        if (user != null && !user.isRunning()) {
            throw new IllegalArgumentException("The jetty backend needs a started org.eclipse.jetty.client.HttpClient "
                    + "(call start() first); it never starts or stops a user's client");
        }
        return new JettyBiliApiClient(settings, user);
    }

    @Override
    public Object getWrappedSession() {
        return current.http;
    }

    // ------------------------------------------------------------------------------------------- settings → session

    @Override
    protected void applySettings(ClientSettings next, ClientSettings previous, boolean leavingUserSession) {
        Transport old = current;
        Transport fresh = newTransport(next);
        transports.add(fresh);
        current = fresh;
        // requests and WebSockets still running on the old one finish there; it stops when the last one ends
        old.retire();
    }

    /** Builds and starts an HttpClient from the settings, on this client's (or the user's) threads. */
    private Transport newTransport(ClientSettings settings) {
        HttpClient http = new HttpClient();
        http.setName(name);
        http.setExecutor(executor);
        http.setScheduler(scheduler);
        if (bufferPool != null) {
            http.setByteBufferPool(bufferPool);
        }
        if (userClient != null) {
            // keep what the user tuned that the settings do not cover
            http.setUserAgentField(userClient.getUserAgentField());
            http.setMaxConnectionsPerDestination(userClient.getMaxConnectionsPerDestination());
            http.setMaxRequestsQueuedPerDestination(userClient.getMaxRequestsQueuedPerDestination());
        }
        long timeoutMillis = settings.timeout().toMillis();
        http.setConnectTimeout(timeoutMillis);
        // an idle pooled connection may live this long; also bounds a silent read longer than the call timeout
        http.setIdleTimeout(Math.max(timeoutMillis, 30_000));
        http.setFollowRedirects(false); // one hop: the base class follows redirects
        http.setHttpCookieStore(new HttpCookieStore.Empty()); // cookies are the caller's, never remembered
        SslContextFactory.Client tls = new SslContextFactory.Client();
        SSLContext context = sslContext(settings); // null: the JVM's default
        if (context != null) {
            tls.setSslContext(context);
        }
        if (!settings.verifySsl()) {
            // the trust-all manager also skips the host name check of the default "HTTPS" endpoint identification;
            // keeping that default avoids Jetty's own warning about turning it off
            tls.setHostnameVerifier((host, session) -> true);
        }
        http.setSslContextFactory(tls);
        LifeCycle.start(http);
        return new Transport(http, true, settings);
    }

    // ------------------------------------------------------------------------------------------------- request

    @Override
    protected void send(Exchange exchange) {
        Transport transport = acquire();
        Request request;
        try {
            transport.route(exchange.uri());
            // the query was encoded once: Jetty keeps a URI's raw query as it is
            request = transport.http.newRequest(exchange.uri()).method(exchange.method()).followRedirects(false);
            request.headers(h -> exchange.headers().forEach(h::put)); // put: replaces Jetty's default User-Agent
            if (exchange.isMultipart()) {
                request.body(multipart(transport, exchange));
            } else if (exchange.hasBody()) {
                // Jetty's FormRequestContent would encode spaces as '+': the exchange's bytes are the query's encoding
                request.body(new BytesRequestContent(exchange.contentType(), exchange.bodyBytes()));
            } else if (List.of("POST", "PUT", "PATCH").contains(exchange.method())) {
                request.headers(h -> h.put(HttpHeader.CONTENT_LENGTH, "0")); // some servers want a length on POST
            }
            if (!exchange.hasBody() && exchange.contentType() != null) {
                request.headers(h -> h.put(HttpHeader.CONTENT_TYPE, exchange.contentType()));
            }
        } catch (RuntimeException e) {
            transport.release();
            throw e;
        }
        exchange.onAbort(() -> request.abort(new CancellationException("aborted")));
        request.send(new Response.Listener() {
            @Override
            public void onHeaders(Response response) {
                Map<String, List<String>> headers = new LinkedHashMap<>();
                for (HttpField field : response.getHeaders()) {
                    headers.computeIfAbsent(field.getName(), k -> new ArrayList<>()).add(field.getValue());
                }
                exchange.head(response.getStatus(), headers);
            }

            @Override
            public void onContent(Response response, ByteBuffer content) {
                exchange.body(content); // false: the exchange was aborted, and with it this request
            }

            @Override
            public void onComplete(Result result) {
                transport.release();
                if (result.isFailed()) {
                    exchange.fail(result.getFailure());
                } else {
                    exchange.complete();
                }
            }
        });
    }

    private static Request.Content multipart(Transport transport, Exchange exchange) {
        MultiPartRequestContent multipart = new MultiPartRequestContent();
        ((BiliApiRequest.Body.Form) exchange.body()).fields().forEach((name, value) -> multipart.addPart(
                new MultiPart.ByteBufferPart(name, null, HttpFields.EMPTY,
                        ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8)))));
        ByteBufferPool.Sized reads = new ByteBufferPool.Sized(transport.http.getByteBufferPool(), false, 64 * 1024);
        exchange.files().forEach((name, file) -> multipart.addPart(new MultiPart.PathPart(reads, name,
                // read from disk in 64 KiB chunks while it is sent, never whole into memory
                file.fileName(), HttpFields.build().put(HttpHeader.CONTENT_TYPE, file.mimeType()), file.path())));
        multipart.close();
        return multipart;
    }

    // ------------------------------------------------------------------------------------------------ WebSocket

    @Override
    protected CompletableFuture<JettyWebSocket> openWebSocket(URI uri, Map<String, String> headers) {
        Transport transport = acquire();
        JettyWebSocket connection = new JettyWebSocket(uri.toString());
        CompletableFuture<Session> connecting;
        try {
            transport.route(uri);
            ClientUpgradeRequest upgrade = new ClientUpgradeRequest(uri);
            headers.forEach(upgrade::setHeader);
            connecting = transport.webSockets().connect(connection, upgrade);
        } catch (IOException | RuntimeException e) {
            transport.release();
            return CompletableFuture.failedFuture(e);
        }
        connecting.whenComplete((session, error) -> {
            if (error != null) {
                transport.release();
            } else { // the transport stays alive as long as the socket does
                connection.done.whenComplete((ignored, e) -> transport.release());
            }
        });
        return handshake(connecting, session -> connection);
    }

    /**
     * One Jetty WebSocket session and its inbox. Jetty calls the listener methods one at a time, each after a
     * {@link Session#demand()}. Public only because Jetty binds listener methods with a public method-handle lookup;
     * applications never see instances (they hold integer handles).
     */
    public final class JettyWebSocket implements AbstractBiliApiClient.WsConnection, Session.Listener {

        private final String url;
        private final WsInbox inbox = WsInbox.oneAtATime(this::demandNow);
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private volatile Session session;
        private volatile boolean closeRequested;

        private JettyWebSocket(String url) {
            this.url = url;
        }

        @Override
        public WsInbox inbox() {
            return inbox;
        }

        // ---- demand: the inbox asks for the next event while a receive waits (or the close handshake runs)

        private void demandNow() {
            Session s = session;
            if (s != null && !done.isDone()) {
                s.demand();
            }
        }

        // ---- Jetty's events

        @Override
        public void onWebSocketOpen(Session session) {
            this.session = session; // no demand yet: nothing is read before a wsRecv waits for it
        }

        @Override
        public void onWebSocketText(String message) {
            inbox.offer(new BiliWsMessage(message.getBytes(StandardCharsets.UTF_8), BiliWsMsgType.TEXT));
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            inbox.offer(payload, BiliWsMsgType.BINARY); // copied: Jetty may recycle the buffer once succeeded
            callback.succeed();
        }

        @Override
        public void onWebSocketPing(ByteBuffer payload) {
            // overriding this method turns off Jetty's automatic pong: answer it ourselves, with a copy of the payload
            session.sendPong(ByteBuffer.allocate(payload.remaining()).put(payload.duplicate()).flip(), Callback.NOOP);
            inbox.offer(payload, BiliWsMsgType.PING);
        }

        @Override
        public void onWebSocketPong(ByteBuffer payload) {
            inbox.offer(payload, BiliWsMsgType.PONG);
        }

        @Override
        public void onWebSocketClose(int statusCode, String reason, Callback callback) {
            if (!closeRequested) {
                inbox.peerClosed(statusCode, reason == null ? "" : reason);
            }
            callback.succeed(); // lets Jetty answer a peer's close frame and close the connection
            done.complete(null);
        }

        @Override
        public void onWebSocketError(Throwable cause) {
            inbox.failed(failure("WebSocket", url, cause));
            done.complete(null);
        }

        // ---- what the base class drives

        @Override
        public CompletableFuture<Void> send(byte[] data) {
            // the base class sends one frame at a time: Jetty rejects a data frame while another is being written
            if (done.isDone() || !inbox.isOpen()) {
                return CompletableFuture.failedFuture(new IllegalStateException("The WebSocket is closing or closed"));
            }
            Callback.Completable written = new Callback.Completable();
            session.sendBinary(ByteBuffer.wrap(data), written);
            return written.exceptionallyCompose(error ->
                    CompletableFuture.failedFuture(failure("WebSocket send", url, error)));
        }

        @Override
        public CompletableFuture<Void> close(int code, String reason) {
            closeRequested = true;
            if (done.isDone()) {
                return done; // the peer closed first, or the transport failed
            }
            Callback.Completable sent = new Callback.Completable();
            session.close(code, reason == null || reason.isEmpty() ? null : reason, sent);
            sent.whenComplete((ignored, error) -> {
                if (error != null) {
                    if (session.isOpen()) {
                        done.completeExceptionally(error);
                    } else {
                        done.complete(null); // closed meanwhile (the peer or the transport): nothing to wait for
                    }
                }
            });
            return done;
        }

        @Override
        public void abort() {
            Session s = session;
            if (s != null) {
                s.disconnect();
            }
            done.complete(null);
        }
    }

    // ---------------------------------------------------------------------------------------------------- close

    @Override
    protected void closeResources() {
        // the base class aborted our WebSockets and the requests still running; now what we created
        for (Transport t : transports) {
            t.stop();
        }
        transports.clear();
        LifeCycle.stop(ownScheduler); // both null with a user session: LifeCycle.stop skips null
        LifeCycle.stop(ownExecutor);
    }

    private Transport acquire() {
        while (true) {
            Transport t = current;
            if (t.acquire()) {
                return t;
            }
            if (isClosed()) {
                throw new IllegalStateException("This jetty client is closed");
            }
            Thread.onSpinWait(); // a settings change is swapping the transport
        }
    }

    // ------------------------------------------------------------------------------------------------ transport

    /**
     * One HttpClient with what goes with it: its settings (for proxies), our WebSocket client on top of it, and a count
     * of the requests and sockets using it, so that a retired one stops when they are done.
     */
    private final class Transport {

        final HttpClient http;
        /** {@code true} if we built it (and stop it); a user's HttpClient is never stopped. */
        final boolean owned;
        /** {@code null} for a user's session used as it is: its own proxy configuration applies. */
        final ClientSettings settings;
        private final Set<ProxySpec> routed = ConcurrentHashMap.newKeySet();
        private WebSocketClient webSockets;
        private int users;
        private boolean retired;
        private boolean stopped;

        Transport(HttpClient http, boolean owned, ClientSettings settings) {
            this.http = http;
            this.owned = owned;
            this.settings = settings;
        }

        synchronized boolean acquire() {
            if (stopped || retired) {
                return false;
            }
            users++;
            return true;
        }

        void release() {
            boolean stopNow;
            synchronized (this) {
                users--;
                stopNow = retired && users == 0 && !stopped;
            }
            if (stopNow) {
                stopLater();
            }
        }

        void retire() {
            boolean stopNow;
            synchronized (this) {
                retired = true;
                stopNow = users == 0 && !stopped;
            }
            if (stopNow) {
                stopLater();
            }
        }

        private void stopLater() {
            // never stop an HttpClient on one of its own threads (its selector would wait for itself)
            executor.execute(this::stop);
        }

        /**
         * Makes sure Jetty knows the proxy this URL goes through. {@code proxyFor} answers per URL (environment,
         * {@code no_proxy}); Jetty asks each proxy whether it {@code matches} a destination, so each proxy answers
         * with {@code proxyFor} too.
         */
        void route(URI target) {
            if (settings == null) {
                return;
            }
            ProxySpec spec = proxyFor(settings, target);
            if (spec == null || !routed.add(spec)) {
                return;
            }
            Origin.Address address = new Origin.Address(spec.host(), spec.port());
            ProxyConfiguration.Proxy proxy;
            if (spec.type() == ProxySpec.Type.SOCKS5) {
                Socks5Proxy socks = new RoutedSocks5Proxy(address, spec, settings);
                if (spec.hasCredentials()) {
                    socks.putAuthenticationFactory(new Socks5.UsernamePasswordAuthenticationFactory(spec.username(),
                            spec.password(), StandardCharsets.UTF_8));
                }
                proxy = socks;
            } else {
                proxy = new RoutedHttpProxy(address, spec, settings);
                if (spec.hasCredentials()) {
                    // pre-emptive Basic: applied to forwarded requests and to the CONNECT of a tunnel
                    http.getAuthenticationStore().addAuthenticationResult(new BasicAuthentication.BasicResult(
                            proxy.getURI(), HttpHeader.PROXY_AUTHORIZATION, spec.username(), spec.password(),
                            StandardCharsets.UTF_8));
                }
            }
            http.getProxyConfiguration().addProxy(proxy);
        }

        synchronized WebSocketClient webSockets() {
            if (stopped) {
                throw new IllegalStateException("This jetty client is closed");
            }
            if (webSockets == null) {
                // over a started HttpClient: it shares its connector, proxies, TLS and threads, and never stops it
                WebSocketClient ws = new WebSocketClient(http);
                ws.setMaxBinaryMessageSize(MAX_WS_MESSAGE_BYTES);
                ws.setMaxTextMessageSize(MAX_WS_MESSAGE_BYTES);
                ws.setMaxFrameSize(MAX_WS_MESSAGE_BYTES);
                ws.setIdleTimeout(Duration.ZERO);
                LifeCycle.start(ws);
                webSockets = ws;
            }
            return webSockets;
        }

        void stop() {
            WebSocketClient ws;
            synchronized (this) {
                if (stopped) {
                    return;
                }
                stopped = true;
                ws = webSockets;
            }
            transports.remove(this);
            LifeCycle.stop(ws);
            if (owned) {
                LifeCycle.stop(http);
            }
        }
    }

    /** The URI {@code proxyFor} is asked about for a Jetty destination. */
    private static URI uriOf(Origin origin) {
        try {
            return new URI(origin.getScheme(), null, origin.getAddress().getHost(), origin.getAddress().getPort(),
                    null, null, null);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Bad destination " + origin, e);
        }
    }

    /** An HTTP(S) proxy that Jetty uses for the destinations the resolver sends to it. */
    private static final class RoutedHttpProxy extends HttpProxy {

        private final ProxySpec spec;
        private final ClientSettings settings;

        RoutedHttpProxy(Origin.Address address, ProxySpec spec, ClientSettings settings) {
            super(address, spec.type() == ProxySpec.Type.HTTPS);
            this.spec = spec;
            this.settings = settings;
        }

        @Override
        public boolean matches(Origin origin) {
            return super.matches(origin) && spec.equals(proxyFor(settings, uriOf(origin)));
        }

        @Override
        public boolean requiresTunnel(Origin serverOrigin) {
            // Jetty would send a plain ws:// handshake in absolute form with a "ws://" target, which HTTP proxies
            // reject (they forward http:// only); tunnel it with CONNECT instead, as RFC 6455 section 4.1 suggests
            return "ws".equalsIgnoreCase(serverOrigin.getScheme()) || super.requiresTunnel(serverOrigin);
        }
    }

    /** A SOCKS5 proxy that Jetty uses for the destinations the resolver sends to it. */
    private static final class RoutedSocks5Proxy extends Socks5Proxy {

        private final ProxySpec spec;
        private final ClientSettings settings;

        RoutedSocks5Proxy(Origin.Address address, ProxySpec spec, ClientSettings settings) {
            super(address, false);
            this.spec = spec;
            this.settings = settings;
        }

        @Override
        public boolean matches(Origin origin) {
            return super.matches(origin) && spec.equals(proxyFor(settings, uriOf(origin)));
        }
    }
}
