package io.github.bilibiliapi.sample.customclient;

import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiFile;
import io.github.bilibiliapi.client.BiliApiRequest;
import io.github.bilibiliapi.client.BiliApiResponse;
import io.github.bilibiliapi.client.BiliClientException;
import io.github.bilibiliapi.client.BiliWsMessage;
import io.github.bilibiliapi.client.BiliWsMsgType;
import io.github.bilibiliapi.client.ClientSettings;
import io.github.bilibiliapi.client.support.AbstractBiliApiClient;
import io.github.bilibiliapi.client.support.CookieHeaders;
import io.github.bilibiliapi.client.support.InsecureTls;
import io.github.bilibiliapi.client.support.ProxyResolver;
import io.github.bilibiliapi.client.support.ProxySpec;
import io.github.bilibiliapi.client.support.UriEncoding;
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
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.client.BasicAuthentication;
import org.eclipse.jetty.client.BufferingResponseListener;
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
 * <p><b>Settings.</b> {@code timeout}: Jetty's per-request total timeout (from queueing through connect, headers and
 * body) and the connect timeout; for a WebSocket, the handshake's total timeout. {@code proxy}: {@code http://},
 * {@code https://} (TLS to the proxy) and {@code socks5://}, Basic credentials pre-emptively for HTTP proxies (also on
 * the {@code CONNECT} of a tunnel) and user name/password authentication (RFC 1929) for SOCKS5. {@code trustEnv}: every
 * URL is routed through {@link ProxyResolver}; Jetty chooses a proxy once per destination (scheme, host, port), so a
 * change of the environment reaches destinations this client already used only after a settings change.
 * {@code verifySsl=false}: {@link InsecureTls} on this client's {@code SslContextFactory} only. Cookies: clients this
 * class creates have no cookie store ({@link HttpCookieStore.Empty}); cookies are sent only as the request's
 * {@code Cookie} header and returned from {@code Set-Cookie} headers.
 *
 * <p><b>Responses</b> are buffered up to {@link ClientSettings#maxResponseBytes()} (Jetty's
 * {@link BufferingResponseListener} needs a limit; its own default is 2 MiB); a bigger body fails the call with the
 * same message as the built-in backends.
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
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final String OCTETS = "application/octet-stream";

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
            start(ownExecutor);
            start(ownScheduler);
            executor = ownExecutor;
            scheduler = ownScheduler;
            bufferPool = null; // each HttpClient makes its own
            try {
                current = newTransport(settings);
            } catch (RuntimeException e) {
                stop(ownScheduler);
                stop(ownExecutor);
                throw e;
            }
        } else {
            ownExecutor = null;
            ownScheduler = null;
            executor = userClient.getExecutor();
            scheduler = userClient.getScheduler();
            bufferPool = userClient.getByteBufferPool();
            current = new Transport(userClient, false, null, null); // the user's session as it is
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
        Objects.requireNonNull(settings, "settings");
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
        http.setFollowRedirects(false); // per request, see toJetty
        http.setHttpCookieStore(new HttpCookieStore.Empty()); // cookies are the caller's, never remembered
        SslContextFactory.Client tls = new SslContextFactory.Client();
        if (!settings.verifySsl()) {
            // InsecureTls's trust manager also skips the host name check that the default "HTTPS" endpoint
            // identification asks of it; keeping that default avoids Jetty's own warning about turning it off
            tls.setSslContext(InsecureTls.sslContext());
            tls.setHostnameVerifier(InsecureTls.hostnameVerifier());
        }
        http.setSslContextFactory(tls);
        start(http);
        return new Transport(http, true, new ProxyResolver(settings), settings.timeout());
    }

    // ------------------------------------------------------------------------------------------------- request

    @Override
    protected CompletableFuture<BiliApiResponse> execute(BiliApiRequest request) {
        Transport transport = acquire();
        Request jetty;
        try {
            jetty = toJetty(transport, request);
        } catch (RuntimeException e) {
            transport.release();
            throw e;
        }
        String method = request.method();
        String url = request.url();
        CompletableFuture<BiliApiResponse> result = new CompletableFuture<>();
        int cap = settings().maxResponseBytes();
        transport.inFlight.add(jetty);
        jetty.send(new BufferingResponseListener(cap) {
            @Override
            public void onComplete(Result outcome) {
                transport.inFlight.remove(jetty);
                transport.release();
                if (outcome.isFailed()) {
                    Throwable cause = outcome.getFailure();
                    // Jetty aborts with IllegalArgumentException("Buffering capacity N exceeded")
                    boolean tooLarge = cause instanceof IllegalArgumentException
                            && String.valueOf(cause.getMessage()).startsWith("Buffering capacity");
                    result.completeExceptionally(tooLarge ? responseTooLarge(method, url, cap)
                            : failure(method, url, cause));
                    return;
                }
                try {
                    result.complete(toResponse(outcome.getResponse(), getContent()));
                } catch (RuntimeException e) {
                    result.completeExceptionally(failure(method, url, e));
                }
            }
        });
        return result;
    }

    private Request toJetty(Transport transport, BiliApiRequest request) {
        // the query was encoded once by UriEncoding: Jetty keeps a URI's raw query as it is
        URI uri = URI.create(request.fullUrl());
        transport.route(uri);
        Request jetty = transport.http.newRequest(uri)
                .method(request.method())
                .followRedirects(request.allowRedirects());
        if (transport.timeout != null) {
            jetty.timeout(transport.timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        String existingCookie = null;
        boolean multipart = request.isMultipart();
        Map<String, String> headers = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : request.headers().entrySet()) {
            if (e.getKey().equalsIgnoreCase("Cookie")) {
                existingCookie = e.getValue();
            } else if (!(multipart && e.getKey().equalsIgnoreCase("Content-Type"))) {
                headers.put(e.getKey(), e.getValue()); // the multipart boundary must stay Jetty's
            }
        }
        String cookie = CookieHeaders.cookieHeader(existingCookie, request.cookies());
        if (cookie != null) {
            headers.put("Cookie", cookie);
        }
        jetty.headers(h -> headers.forEach(h::put)); // put: replaces Jetty's default User-Agent
        Request.Content body = body(transport, request);
        if (body != null) {
            jetty.body(body); // a Content-Type header given by the caller wins over the content's own
        } else if (List.of("POST", "PUT", "PATCH").contains(request.method())) {
            jetty.headers(h -> h.put(HttpHeader.CONTENT_LENGTH, "0")); // some servers want a length on POST
        }
        return jetty;
    }

    private static Request.Content body(Transport transport, BiliApiRequest request) {
        BiliApiRequest.Body body = request.body();
        if (request.isMultipart()) {
            MultiPartRequestContent multipart = new MultiPartRequestContent();
            ((BiliApiRequest.Body.Form) body).fields().forEach((name, value) -> multipart.addPart(
                    new MultiPart.ByteBufferPart(name, null, HttpFields.EMPTY,
                            ByteBuffer.wrap(value.getBytes(StandardCharsets.UTF_8)))));
            ByteBufferPool.Sized reads = new ByteBufferPool.Sized(transport.http.getByteBufferPool(), false,
                    64 * 1024);
            for (Map.Entry<String, BiliApiFile> e : request.files().entrySet()) {
                BiliApiFile file = e.getValue();
                HttpFields partHeaders = HttpFields.build().put(HttpHeader.CONTENT_TYPE, file.mimeType());
                // a PathPart is read from disk in 64 KiB chunks while it is sent, never whole into memory
                multipart.addPart(new MultiPart.PathPart(reads, e.getKey(), file.fileName(), partHeaders,
                        file.path()));
            }
            multipart.close();
            return multipart;
        }
        if (body instanceof BiliApiRequest.Body.Form form) {
            if (form.isEmpty()) {
                return null;
            }
            // Jetty's FormRequestContent encodes differently (spaces as '+'): encode like the query instead
            return new BytesRequestContent(FORM,
                    UriEncoding.encodeQuery(form.fields()).getBytes(StandardCharsets.US_ASCII));
        }
        if (body instanceof BiliApiRequest.Body.Text text) {
            return new BytesRequestContent(TEXT, text.bytes());
        }
        return new BytesRequestContent(OCTETS, ((BiliApiRequest.Body.Bytes) body).bytes());
    }

    private static BiliApiResponse toResponse(Response response, byte[] content) {
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (HttpField field : response.getHeaders()) {
            headers.computeIfAbsent(field.getName(), k -> new ArrayList<>()).add(field.getValue());
        }
        List<String> setCookies = response.getHeaders().getValuesList(HttpHeader.SET_COOKIE);
        // after redirects, the response belongs to the last request
        String finalUrl = response.getRequest().getURI().toString();
        return new BiliApiResponse(response.getStatus(), headers, CookieHeaders.parseSetCookies(setCookies),
                content == null ? new byte[0] : content, finalUrl);
    }

    // ------------------------------------------------------------------------------------------------ WebSocket

    @Override
    protected CompletableFuture<JettyWebSocket> openWebSocket(URI uri, Map<String, String> headers) {
        String url = uri.toString();
        Transport transport = acquire();
        JettyWebSocket connection = new JettyWebSocket(url);
        CompletableFuture<Session> connecting;
        try {
            transport.route(uri);
            ClientUpgradeRequest upgrade = new ClientUpgradeRequest(uri);
            headers.forEach(upgrade::setHeader);
            // the handshake is bounded by the timeout even on a user's session: the WebSocket client is ours
            upgrade.setTimeout(settings().timeout().toMillis(), TimeUnit.MILLISECONDS);
            connecting = transport.webSockets().connect(connection, upgrade);
        } catch (IOException | RuntimeException e) {
            transport.release();
            return CompletableFuture.failedFuture(failure("WebSocket connect", url, e));
        }
        CompletableFuture<JettyWebSocket> opened = new CompletableFuture<>();
        connecting.whenComplete((session, error) -> {
            if (error != null) {
                transport.release();
                opened.completeExceptionally(failure("WebSocket connect", url, error));
            } else {
                // the transport stays alive as long as the socket does
                connection.done.whenComplete((ignored, e) -> transport.release());
                opened.complete(connection);
            }
        });
        return opened;
    }

    /**
     * One Jetty WebSocket session and its inbox. Jetty calls the listener methods one at a time, each after a
     * {@link Session#demand()}. Public only because Jetty binds listener methods with a public method-handle lookup;
     * applications never see instances (they hold integer handles).
     */
    public final class JettyWebSocket implements AbstractBiliApiClient.WsConnection, Session.Listener {

        private final String url;
        private final WsInbox inbox = new WsInbox(this::wantOne);
        private final CompletableFuture<Void> done = new CompletableFuture<>();
        private final Object sendLock = new Object();
        private CompletableFuture<Void> lastSend = CompletableFuture.completedFuture(null);
        private volatile Session session;
        private volatile boolean closeRequested;
        // demand bookkeeping: Jetty allows one outstanding demand, WsInbox may ask for several
        private final Object demandLock = new Object();
        private int wanted;
        private boolean demanding;
        private boolean draining;

        private JettyWebSocket(String url) {
            this.url = url;
        }

        @Override
        public WsInbox inbox() {
            return inbox;
        }

        // ---- demand: the inbox asks for one frame per waiting receive

        private void wantOne() {
            synchronized (demandLock) {
                if (demanding) {
                    wanted++;
                    return;
                }
                demanding = true;
            }
            demandNow();
        }

        /** One event was delivered: ask for the next one if someone (or the close handshake) waits for it. */
        private void delivered() {
            synchronized (demandLock) {
                if (wanted > 0) {
                    wanted--;
                } else if (!draining) {
                    demanding = false;
                    return;
                }
            }
            demandNow();
        }

        /** Reads everything until the peer's close frame, whatever the receivers want. */
        private void drain() {
            synchronized (demandLock) {
                draining = true;
                if (demanding) {
                    return;
                }
                demanding = true;
            }
            demandNow();
        }

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
            delivered();
        }

        @Override
        public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
            byte[] data = new byte[payload.remaining()];
            payload.get(data);
            callback.succeed(); // Jetty may recycle the buffer now
            inbox.offer(new BiliWsMessage(data, BiliWsMsgType.BINARY));
            delivered();
        }

        @Override
        public void onWebSocketPing(ByteBuffer payload) {
            byte[] data = new byte[payload.remaining()];
            payload.get(data);
            // overriding this method turns off Jetty's automatic pong: answer it ourselves
            session.sendPong(ByteBuffer.wrap(data), Callback.NOOP);
            inbox.offer(new BiliWsMessage(data, BiliWsMsgType.PING));
            delivered();
        }

        @Override
        public void onWebSocketPong(ByteBuffer payload) {
            byte[] data = new byte[payload.remaining()];
            payload.get(data);
            inbox.offer(new BiliWsMessage(data, BiliWsMsgType.PONG));
            delivered();
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
            CompletableFuture<Void> sent;
            synchronized (sendLock) {
                // chained: Jetty rejects a data frame while a previous message is still being written
                sent = lastSend.handle((ignored, error) -> null).thenCompose(ignored -> sendNow(data));
                lastSend = sent;
            }
            return sent;
        }

        private CompletableFuture<Void> sendNow(byte[] data) {
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
            drain(); // the peer's close frame is an event too: it needs a demand to be read
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
        // the base class aborted our WebSockets; now requests still running, then what we created
        for (Transport t : transports) {
            t.abortInFlight();
            t.stop();
        }
        transports.clear();
        if (ownScheduler != null) {
            stop(ownScheduler);
        }
        if (ownExecutor != null) {
            stop(ownExecutor);
        }
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

    private static void start(LifeCycle component) {
        try {
            component.start();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start " + component, e);
        }
    }

    private static void stop(LifeCycle component) {
        try {
            component.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot stop " + component, e);
        }
    }

    // ------------------------------------------------------------------------------------------------ transport

    /**
     * One HttpClient with what goes with it: the proxy resolver and timeout of its settings, our WebSocket client on
     * top of it, and a count of the requests and sockets using it, so that a retired one stops when they are done.
     */
    private final class Transport {

        final HttpClient http;
        /** {@code true} if we built it (and stop it); a user's HttpClient is never stopped. */
        final boolean owned;
        /** {@code null} for a user's session used as it is: its own proxy configuration applies. */
        final ProxyResolver resolver;
        /** {@code null} for a user's session used as it is: no total timeout is imposed. */
        final Duration timeout;
        final Set<Request> inFlight = ConcurrentHashMap.newKeySet();
        private final Set<ProxySpec> routed = ConcurrentHashMap.newKeySet();
        private WebSocketClient webSockets;
        private int users;
        private boolean retired;
        private boolean stopped;

        Transport(HttpClient http, boolean owned, ProxyResolver resolver, Duration timeout) {
            this.http = http;
            this.owned = owned;
            this.resolver = resolver;
            this.timeout = timeout;
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
         * Makes sure Jetty knows the proxy this URL goes through. The resolver answers per URL (environment,
         * {@code no_proxy}); Jetty asks each proxy whether it {@code matches} a destination, so each proxy answers
         * with the resolver.
         */
        void route(URI target) {
            if (resolver == null) {
                return;
            }
            ProxySpec spec = resolver.resolve(target);
            if (spec == null || !routed.add(spec)) {
                return;
            }
            Origin.Address address = new Origin.Address(spec.host(), spec.port());
            ProxyConfiguration.Proxy proxy;
            if (spec.type() == ProxySpec.Type.SOCKS5) {
                Socks5Proxy socks = new RoutedSocks5Proxy(address, spec, resolver);
                if (spec.hasCredentials()) {
                    socks.putAuthenticationFactory(new Socks5.UsernamePasswordAuthenticationFactory(spec.username(),
                            spec.password(), StandardCharsets.UTF_8));
                }
                proxy = socks;
            } else {
                proxy = new RoutedHttpProxy(address, spec, resolver);
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
                start(ws);
                webSockets = ws;
            }
            return webSockets;
        }

        void abortInFlight() {
            IllegalStateException closed = new IllegalStateException("The jetty client was closed");
            for (Request r : inFlight) {
                r.abort(closed);
            }
            inFlight.clear();
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
            if (ws != null) {
                JettyBiliApiClient.stop(ws);
            }
            if (owned) {
                JettyBiliApiClient.stop(http);
            }
        }
    }

    /** The URI the resolver is asked about for a Jetty destination. */
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
        private final ProxyResolver resolver;

        RoutedHttpProxy(Origin.Address address, ProxySpec spec, ProxyResolver resolver) {
            super(address, spec.type() == ProxySpec.Type.HTTPS);
            this.spec = spec;
            this.resolver = resolver;
        }

        @Override
        public boolean matches(Origin origin) {
            return super.matches(origin) && spec.equals(resolver.resolve(uriOf(origin)));
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
        private final ProxyResolver resolver;

        RoutedSocks5Proxy(Origin.Address address, ProxySpec spec, ProxyResolver resolver) {
            super(address, false);
            this.spec = spec;
            this.resolver = resolver;
        }

        @Override
        public boolean matches(Origin origin) {
            return super.matches(origin) && spec.equals(resolver.resolve(uriOf(origin)));
        }
    }
}
