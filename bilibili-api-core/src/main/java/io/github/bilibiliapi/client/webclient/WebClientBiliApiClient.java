package io.github.bilibiliapi.client.webclient;

import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiRequest;
import io.github.bilibiliapi.client.ClientSettings;
import io.github.bilibiliapi.client.internal.ProxyResolver;
import io.github.bilibiliapi.client.internal.ResponseHeaders;
import io.github.bilibiliapi.client.internal.TlsContexts;
import io.github.bilibiliapi.client.support.AbstractBiliApiClient;
import io.github.bilibiliapi.client.support.Exchange;
import io.github.bilibiliapi.client.support.ProxySpec;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.proxy.ProxyConnectException;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.resolver.NoopAddressResolverGroup;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.internal.ThreadExecutorMap;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import javax.net.ssl.SSLException;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.MultipartBodyBuilder;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.BodyExtractors;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientRequestException;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.NettyPipeline;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;
import reactor.netty.transport.ProxyProvider;

/**
 * The Spring {@link WebClient} backend ({@code webclient}): HTTP through a {@code WebClient}, WebSockets through Reactor
 * Netty, both over <em>one</em> Reactor Netty event loop group whenever the session allows it: HTTP through a connection
 * pool, each WebSocket on a connection of its own (a WebSocket holds its connection for its whole life, so pooling it
 * would only let the pool's per-host limit cap the rooms a danmaku monitor can open).
 *
 * <h2>Sessions</h2>
 * {@link #create(ClientSettings, Object)} accepts:
 * <ul>
 * <li>{@code null} — the client creates its own {@link ConnectionProvider} (for HTTP, 4,096 connections per host) and
 * {@link LoopResources} (threads named {@code bili-webclient-<n>-…}, for HTTP and WebSockets alike), configured from
 * the settings, and disposed by {@link #close()}; WebSockets are not pooled, so their number is not limited.</li>
 * <li>a Reactor Netty {@link HttpClient} — used as it is (its pool and event loops, which this client never disposes)
 * for HTTP, wrapped in a {@code WebClient} through {@link ReactorClientHttpConnector}, and for WebSockets. Once a
 * setting changes, a client derived from it ({@code proxy}, {@code secure}, timeouts) is used: still the user's pool
 * and event loops.</li>
 * <li>a {@link WebClient.Builder} — a template, not a session: its filters, default headers, codecs and observation
 * registry are kept (the builder is cloned, never modified), but its connector is replaced by one over this client's
 * own Reactor Netty resources, so that WebSockets share its event loops; the settings apply from the start.</li>
 * <li>a {@link WebClient} — used as it is for HTTP until a setting changes (its own timing too: a plain
 * {@code WebClient} has no overall deadline; the same holds for a user's {@code HttpClient} used as is). A {@code WebClient} hides its connector, so WebSockets cannot share its event loops: they run on this client's own
 * resources, created on the first {@code wsCreate} and configured from the settings. Once a setting changes, HTTP
 * moves to {@code webClient.mutate()} with this client's connector (the user's filters and codecs kept), sharing the
 * event loops with WebSockets.</li>
 * </ul>
 * {@link #getWrappedSession()} returns the {@code WebClient} in use. A user's session is never disposed.
 *
 * <h2>Behaviour and limits</h2>
 * <ul>
 * <li>Response bodies are handed to the base class piece by piece, so a user {@code WebClient}'s codec limit does not
 * apply; {@code WebClient}s this client builds get {@link ClientSettings#maxResponseBytes()} as their in-memory codec
 * limit.</li>
 * <li>WebSocket frames up to {@link #MAX_FRAME_PAYLOAD} (16 MiB) are accepted, fragmented messages are aggregated up
 * to the same size. Reactor Netty answers PING frames itself and does not deliver them; PONG frames are delivered.</li>
 * <li>Proxies: Reactor Netty configures a proxy per client, not per URL, so this backend keeps one derived
 * {@code HttpClient} per distinct proxy the {@link ProxyResolver} yields (direct, explicit, or per scheme/host from the
 * environment) — all on the same pool and event loops — and picks it per request and per redirect hop. Plain
 * {@code http://} requests are forwarded to an HTTP(S) proxy in absolute form (a {@code 407} comes back as a
 * response); {@code https://} requests and every WebSocket go through a {@code CONNECT} tunnel (Netty's proxy handler:
 * a {@code 407} to {@code CONNECT} fails the call); SOCKS5 (with user name and password) tunnels everything.
 * {@code https://} proxies get TLS to the proxy (verified unless {@code verifySsl=false}).</li>
 * <li>One hop per request: redirects, the deadline over the whole call and the response size cap are
 * {@link AbstractBiliApiClient}'s; the proxy is chosen per hop. The timeout is also the connect timeout and response
 * timeout of the clients built here, and the deadline runs on this client's own event loops when it has them. The
 * WebSocket handshake is always bounded by it.</li>
 * </ul>
 */
public final class WebClientBiliApiClient extends AbstractBiliApiClient<ReactorWsConnection> {

    /** Connections per remote address in the HTTP pool this client creates (its WebSockets are not pooled). */
    static final int MAX_CONNECTIONS_PER_HOST = 4096;

    /** The registry name of this backend. */
    public static final String NAME = "webclient";
    /** The largest WebSocket frame payload (and aggregated message) accepted. */
    public static final int MAX_FRAME_PAYLOAD = 16 * 1024 * 1024;
    /** The prefix of the event loop threads of the resources this backend creates. */
    public static final String THREAD_PREFIX = "bili-webclient-";

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final Object session;
    private final Function<ClientSettings, ProxyResolver> resolvers;
    private final String resourceName = THREAD_PREFIX + SEQUENCE.incrementAndGet();
    private final Object resourceLock = new Object();
    private final int maxHttpConnectionsPerHost;
    private ConnectionProvider ownProvider;
    private LoopResources ownLoops;
    private volatile Engine engine;
    /** Open WebSockets (also those not yet in the handle table), for leak checks in tests. */
    private final Set<ReactorWsConnection> live = ConcurrentHashMap.newKeySet();

    private WebClientBiliApiClient(ClientSettings settings, Object session,
            Function<ClientSettings, ProxyResolver> resolvers, int maxHttpConnectionsPerHost) {
        super(NAME, settings, session instanceof WebClient || session instanceof HttpClient ? session : null);
        this.session = session;
        this.resolvers = resolvers;
        this.maxHttpConnectionsPerHost = maxHttpConnectionsPerHost;
        this.engine = settingsInForce() ? settingsEngine(settings) : asIsEngine(settings);
    }

    /**
     * Creates a client; see the class documentation for what each session type gives.
     *
     * @param settings      the settings; {@code null} means {@link ClientSettings#DEFAULTS}
     * @param sessionOrNull {@code null}, a {@link WebClient}, a {@link WebClient.Builder} or a Reactor Netty
     *                      {@link HttpClient}
     * @return the client
     * @throws IllegalArgumentException if the session is of another type
     */
    public static BiliApiClient create(ClientSettings settings, Object sessionOrNull) {
        return create(settings, sessionOrNull, ProxyResolver::new, MAX_CONNECTIONS_PER_HOST);
    }

    /**
     * Creates a client with a given proxy resolution and size of its own HTTP pool (tests supply an environment, or
     * a small pool).
     *
     * @param settings                  the settings
     * @param sessionOrNull             the session
     * @param resolvers                 makes the proxy resolver of given settings
     * @param maxHttpConnectionsPerHost the connections per remote address of the HTTP pool this client creates
     * @return the client
     */
    static WebClientBiliApiClient create(ClientSettings settings, Object sessionOrNull,
            Function<ClientSettings, ProxyResolver> resolvers, int maxHttpConnectionsPerHost) {
        ClientSettings s = settings == null ? ClientSettings.DEFAULTS : settings;
        if (sessionOrNull == null || sessionOrNull instanceof WebClient || sessionOrNull instanceof HttpClient) {
            return new WebClientBiliApiClient(s, sessionOrNull, resolvers, maxHttpConnectionsPerHost);
        }
        if (sessionOrNull instanceof WebClient.Builder builder) {
            return new WebClientBiliApiClient(s, builder.clone(), resolvers, maxHttpConnectionsPerHost);
        }
        throw new IllegalArgumentException("The webclient backend accepts a session of type "
                + WebClient.class.getName() + ", " + WebClient.Builder.class.getName() + " or "
                + HttpClient.class.getName() + " (or null), not " + sessionOrNull.getClass().getName());
    }

    /**
     * Returns the {@link WebClient} requests currently go through (with an environment proxy, the one for direct
     * connections).
     *
     * @return the {@code WebClient}
     */
    @Override
    public Object getWrappedSession() {
        return engine.primary;
    }

    // ------------------------------------------------------------------ sessions and settings

    /** What requests and WebSockets run on for one set of settings; immutable apart from its route cache. */
    private final class Engine {
        final ClientSettings settings;
        /** {@code null} when a user's WebClient is used as is (no proxy or TLS settings apply to HTTP). */
        final ProxyResolver resolver;
        /** The HTTP client of every route, before the proxy; {@code null} when HTTP uses a user's WebClient as is. */
        final HttpClient httpBase;
        /** Makes a WebClient over a connector; {@code null} when HTTP uses a user's WebClient as is. */
        final Function<ReactorClientHttpConnector, WebClient> webClients;
        final WebClient primary;
        final ConcurrentHashMap<Route, WebClient> routes = new ConcurrentHashMap<>();
        final ConcurrentHashMap<Optional<ProxySpec>, HttpClient> wsRoutes = new ConcurrentHashMap<>();
        /** A user's HttpClient used as is for WebSockets, or {@code null}. */
        final HttpClient wsAsIs;
        /** Where deadlines run: this client's own event loops, or {@code null} (a JDK timer, see deadline). */
        final EventExecutor[] timers;

        Engine(ClientSettings settings, ProxyResolver resolver, HttpClient httpBase,
                Function<ReactorClientHttpConnector, WebClient> webClients, WebClient userWebClient,
                HttpClient wsAsIs, EventLoopGroup timers) {
            this.settings = settings;
            this.timers = timers == null ? null : loopsOf(timers);
            this.resolver = resolver;
            this.httpBase = httpBase;
            this.webClients = webClients;
            this.wsAsIs = wsAsIs;
            if (userWebClient != null) {
                this.primary = userWebClient;
            } else {
                this.primary = webClient(resolver == null ? null : resolver.explicitProxy(), false);
            }
        }

        WebClient webClientFor(URI uri) {
            if (httpBase == null) {
                return primary;
            }
            return webClient(resolver.resolve(uri), "http".equalsIgnoreCase(uri.getScheme()));
        }

        private WebClient webClient(ProxySpec proxy, boolean plainHttpTarget) {
            // plain http through an HTTP(S) proxy is forwarded in absolute form; everything else is tunnelled
            boolean forward = proxy != null && proxy.type() != ProxySpec.Type.SOCKS5 && plainHttpTarget;
            return routes.computeIfAbsent(new Route(proxy, forward), r -> webClients.apply(
                    new ReactorClientHttpConnector(r.forward ? forwardingTo(httpBase, r.proxy, settings)
                            : withProxy(httpBase, r.proxy, settings))));
        }

        HttpClient webSocketClientFor(URI uri) {
            if (wsAsIs != null) {
                return wsAsIs;
            }
            ProxyResolver r = resolver != null ? resolver : resolvers.apply(settings);
            // a user's HttpClient carries its WebSockets too; ours get unpooled connections (see ownClient)
            return wsRoutes.computeIfAbsent(Optional.ofNullable(r.resolve(uri)), p -> withProxy(
                    session instanceof HttpClient ? httpBase : configure(ownClient(false), settings),
                    p.orElse(null), settings));
        }
    }

    /** A way out: direct ({@code proxy == null}), tunnelled through a proxy, or forwarded by it. */
    private record Route(ProxySpec proxy, boolean forward) {
    }

    /** The engine for a user's session used as it is. */
    private Engine asIsEngine(ClientSettings settings) {
        if (session instanceof HttpClient userHttp) {
            return new Engine(settings, null, null, null,
                    buildWebClient(WebClient.builder(), new ReactorClientHttpConnector(userHttp),
                            settings.maxResponseBytes()), userHttp, null);
        }
        return new Engine(settings, null, null, null, (WebClient) session, null, null);
    }

    /** The engine once the settings are in force. */
    private Engine settingsEngine(ClientSettings settings) {
        HttpClient base = configure(session instanceof HttpClient userHttp ? userHttp : ownClient(true), settings);
        Function<ReactorClientHttpConnector, WebClient> webClients;
        int cap = settings.maxResponseBytes();
        if (session instanceof WebClient userWebClient) {
            webClients = connector -> buildWebClient(userWebClient.mutate(), connector, cap);
        } else if (session instanceof WebClient.Builder builder) {
            webClients = connector -> buildWebClient(builder.clone(), connector, cap);
        } else {
            webClients = connector -> buildWebClient(WebClient.builder(), connector, cap);
        }
        return new Engine(settings, resolvers.apply(settings), base, webClients, null, null,
                session instanceof HttpClient ? null : ownTimers());
    }

    /** The event loops this client's own HTTP client runs on, for timers; created with {@link #ownClient}. */
    private EventLoopGroup ownTimers() {
        synchronized (resourceLock) {
            return ownLoops == null ? null : ownLoops.onClient(LoopResources.DEFAULT_NATIVE);
        }
    }

    private static WebClient buildWebClient(WebClient.Builder builder, ReactorClientHttpConnector connector,
            int maxInMemorySize) {
        return builder.clientConnector(connector)
                .codecs(codecs -> codecs.defaultCodecs().maxInMemorySize(maxInMemorySize))
                .build();
    }

    @Override
    protected void applySettings(ClientSettings next, ClientSettings previous, boolean leavingUserSession) {
        engine = settingsEngine(next);
    }

    /**
     * Returns a client over this client's own event loops, creating them (and the HTTP pool) on first use: for HTTP,
     * over the pool; for WebSockets, unpooled. A WebSocket holds its connection for its whole life and never gives it
     * back for reuse: a pool's per-host limit would cap a danmaku monitor's rooms per host, and the HTTP pool stays
     * free for HTTP. Each WebSocket's connection is closed when it ends; {@link #close()} aborts those still open.
     */
    private HttpClient ownClient(boolean pooled) {
        synchronized (resourceLock) {
            if (isClosed()) {
                throw new IllegalStateException("This " + NAME + " client is closed");
            }
            if (ownProvider == null) {
                ownLoops = new EvenlySpreadLoops(LoopResources.create(resourceName, ownLoopCount(), true));
                ownProvider = ConnectionProvider.builder(resourceName).maxConnections(maxHttpConnectionsPerHost)
                        .pendingAcquireMaxCount(-1).build();
            }
            // no silent re-send by Reactor Netty when a connection closes mid-exchange: retries are the caller's call
            return HttpClient.create(pooled ? ownProvider : ConnectionProvider.newConnection()).runOn(ownLoops)
                    .disableRetry(true);
        }
    }

    /** Applies the timeout and TLS settings to a client (the proxy comes per route). */
    private static HttpClient configure(HttpClient client, ClientSettings settings) {
        HttpClient c = client;
        if (settings.hasTimeout()) {
            int connectMillis = (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis());
            c = c.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectMillis).responseTimeout(settings.timeout());
        }
        if (TlsContexts.custom(settings)) {
            SslContext tls = clientSslContext(settings);
            c = c.secure(spec -> spec.sslContext(tls));
        }
        return c;
    }

    /** Netty's TLS context with the base class's trust manager (trust-all with {@code verifySsl=false}). */
    private static SslContext clientSslContext(ClientSettings settings) {
        try {
            return SslContextBuilder.forClient().trustManager(trustManager(settings))
                    .keyManager(settings.tls().keyManagers()).build();
        } catch (SSLException e) {
            throw new IllegalStateException("Cannot create a TLS context", e);
        }
    }

    /** Derives a client going through the given proxy (or none). */
    private static HttpClient withProxy(HttpClient base, ProxySpec proxy, ClientSettings settings) {
        if (proxy == null) {
            return base.noProxy();
        }
        HttpClient c = base.proxy(spec -> {
            ProxyProvider.Builder b = spec.type(proxy.type() == ProxySpec.Type.SOCKS5
                    ? ProxyProvider.Proxy.SOCKS5 : ProxyProvider.Proxy.HTTP)
                    .host(proxy.host())
                    .port(proxy.port());
            if (settings.hasTimeout()) {
                b.connectTimeoutMillis(settings.timeout().toMillis());
            }
            if (proxy.hasCredentials()) {
                String password = proxy.password() == null ? "" : proxy.password();
                b.username(proxy.username()).password(user -> password);
            }
        });
        if (proxy.type() == ProxySpec.Type.HTTPS) {
            // Netty's proxy handler speaks plain HTTP; put TLS to the proxy in front of it
            SslContext toProxy = clientSslContext(settings);
            c = c.doOnChannelInit((observer, channel, remote) -> {
                if (channel.pipeline().get(NettyPipeline.ProxyHandler) != null) {
                    channel.pipeline().addFirst("bili.proxyTls",
                            toProxy.newHandler(channel.alloc(), proxy.host(), proxy.port()));
                }
            });
        }
        return c;
    }

    /**
     * Derives a client that sends plain-http requests to an HTTP(S) proxy in absolute form ({@code GET http://host/path}),
     * the way curl, browsers and OkHttp do, instead of Netty's {@code CONNECT} tunnel: the proxy sees and can filter
     * the request, and answers a missing or wrong credential with a {@code 407} response the caller gets back.
     */
    private static HttpClient forwardingTo(HttpClient base, ProxySpec proxy, ClientSettings settings) {
        String authorization = proxy.basicAuthorization();
        SslContext toProxy = proxy.type() == ProxySpec.Type.HTTPS ? clientSslContext(settings) : null;
        return base.noProxy()
                // the target is never resolved here: behind a proxy its name may only resolve at the proxy
                .resolver(NoopAddressResolverGroup.INSTANCE)
                .doOnChannelInit((observer, channel, remote) -> {
                    ChannelPipeline pipeline = channel.pipeline();
                    ForwardingHandler forwarding = new ForwardingHandler(proxy, authorization);
                    if (pipeline.get(NettyPipeline.HttpCodec) != null) {
                        pipeline.addAfter(NettyPipeline.HttpCodec, "bili.forwardProxy", forwarding);
                    } else {
                        pipeline.addFirst("bili.forwardProxy", forwarding);
                    }
                    if (toProxy != null) {
                        pipeline.addFirst("bili.proxyTls", toProxy.newHandler(channel.alloc(), proxy.host(),
                                proxy.port()));
                    }
                });
    }

    /** Connects to the proxy instead of the target and writes request targets in absolute form. */
    private static final class ForwardingHandler extends ChannelOutboundHandlerAdapter {
        private final ProxySpec proxy;
        private final String authorization;

        ForwardingHandler(ProxySpec proxy, String authorization) {
            this.proxy = proxy;
            this.authorization = authorization;
        }

        @Override
        public void connect(ChannelHandlerContext ctx, SocketAddress remote, SocketAddress local,
                ChannelPromise promise) {
            ctx.connect(new InetSocketAddress(proxy.host(), proxy.port()), local, promise);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            if (msg instanceof HttpRequest request && request.uri().startsWith("/")) {
                request.setUri("http://" + request.headers().get(HttpHeaderNames.HOST) + request.uri());
                if (authorization != null) {
                    request.headers().set(HttpHeaderNames.PROXY_AUTHORIZATION, authorization);
                }
            }
            ctx.write(msg, promise);
        }
    }

    // ------------------------------------------------------------------ HTTP

    @Override
    protected void send(Exchange exchange) {
        URI uri = exchange.uri();
        WebClient.RequestBodySpec spec = engine.webClientFor(uri).method(HttpMethod.valueOf(exchange.method()))
                .uri(uri)
                .headers(h -> {
                    exchange.headers().forEach(h::set);
                    if (exchange.contentType() != null) {
                        h.set(HttpHeaders.CONTENT_TYPE, exchange.contentType());
                    }
                });
        WebClient.RequestHeadersSpec<?> ready = exchange.isMultipart() ? spec.body(multipart(exchange))
                : exchange.hasBody() ? spec.bodyValue(exchange.bodyBytes()) : spec;
        Disposable running = ready.exchangeToMono(response -> {
            ResponseHeaders.Builder headers = ResponseHeaders.builder(8);
            response.headers().asHttpHeaders().forEach((name, values) -> values.forEach(v -> headers.add(name, v)));
            exchange.head(response.statusCode().value(), headers.build());
            return response.body(BodyExtractors.toDataBuffers()).doOnNext(buffer -> {
                try (DataBuffer.ByteBufferIterator pieces = buffer.readableByteBuffers()) {
                    while (pieces.hasNext() && exchange.body(pieces.next())) {
                        // handed over; a false answer means the exchange was aborted
                    }
                } finally {
                    DataBufferUtils.release(buffer);
                }
            }).then();
        }).subscribe(null, error -> exchange.fail(cause(error)), () -> completeAfterRelease(exchange));
        exchange.onAbort(running::dispose); // cancels the exchange, closing its connection
    }

    /**
     * Runs the deadline on this client's own event loops when it has them (no Reactor scheduler threads): a Netty
     * timer far in the future is queued without waking its loop, and a call started on one of our loops (the next
     * call of a caller reacting to a completion) schedules it locally. Otherwise the base class's JDK timer.
     */
    @Override
    protected Runnable scheduleDeadline(Runnable expiry, Duration timeout) {
        EventExecutor[] timers = engine.timers;
        if (timers != null) {
            EventExecutor current = ThreadExecutorMap.currentExecutor();
            // not timers.next(): that is the group's own round robin, the one new connections take their loop from;
            // one step per call for a deadline would put every other connection (with two loops, all) on one loop
            EventExecutor timer = current != null && isOneOf(current, timers) ? current
                    : timers[ThreadLocalRandom.current().nextInt(timers.length)];
            try {
                io.netty.util.concurrent.Future<?> t = timer.schedule(expiry, timeout.toMillis(),
                        TimeUnit.MILLISECONDS);
                return () -> t.cancel(false);
            } catch (RejectedExecutionException closing) {
                // the loops are shutting down (the client is closing): the JDK timer still fires
            }
        }
        return super.scheduleDeadline(expiry, timeout);
    }

    private static boolean isOneOf(EventExecutor executor, EventExecutor[] loops) {
        for (EventExecutor member : loops) {
            if (member == executor) {
                return true;
            }
        }
        return false;
    }

    /** @return how many event loops a client we create runs: the cores, at least 2, at most 4 */
    static int ownLoopCount() {
        return Math.max(2, Math.min(4, Runtime.getRuntime().availableProcessors()));
    }

    private static EventExecutor[] loopsOf(EventLoopGroup group) {
        List<EventExecutor> loops = new ArrayList<>();
        group.forEach(loops::add);
        return loops.toArray(EventExecutor[]::new);
    }

    /**
     * Completes the call once the event loop task that read the last byte has finished. Reactor Netty returns the
     * connection to the pool in that same task, right after the body completes; completing the caller's future
     * inline would let a caller that sends its next request at once race the release and open a second connection.
     */
    private static void completeAfterRelease(Exchange exchange) {
        EventExecutor loop = ThreadExecutorMap.currentExecutor();
        if (loop != null) {
            try {
                loop.execute(exchange::complete);
                return;
            } catch (RejectedExecutionException shuttingDown) {
                // the loop is going away: complete here
            }
        }
        exchange.complete();
    }

    /** The failure worth naming: a refused CONNECT surfaces first as the TLS handler's, the proxy's answer is it. */
    private static Throwable cause(Throwable error) {
        Throwable cause = unwrap(error);
        if (cause instanceof WebClientRequestException w && w.getCause() != null) {
            cause = w.getCause();
        }
        for (Throwable c = cause; c != null && c.getCause() != c; c = c.getCause()) {
            if (c instanceof ProxyConnectException) {
                return c;
            }
        }
        return cause;
    }

    private static BodyInserters.MultipartInserter multipart(Exchange exchange) {
        MultipartBodyBuilder parts = new MultipartBodyBuilder();
        ((BiliApiRequest.Body.Form) exchange.body()).fields().forEach(parts::part);
        exchange.files().forEach((name, file) ->
                // a FileSystemResource is written in chunks from disk, never read whole into memory
                parts.part(name, new FileSystemResource(file.path()), MediaType.parseMediaType(file.mimeType()))
                        .filename(file.fileName()));
        return BodyInserters.fromMultipartData(parts.build());
    }

    // ------------------------------------------------------------------ WebSocket

    @Override
    protected CompletableFuture<ReactorWsConnection> openWebSocket(URI uri, Map<String, String> headers) {
        Engine e = engine;
        HttpClient client;
        try {
            client = e.webSocketClientFor(uri);
        } catch (RuntimeException ex) {
            return CompletableFuture.failedFuture(ex);
        }
        CompletableFuture<ReactorWsConnection> opened = new CompletableFuture<>();
        WebsocketClientSpec spec = WebsocketClientSpec.builder()
                .maxFramePayloadLength(MAX_FRAME_PAYLOAD)
                .handlePing(false)
                .build();
        Disposable subscription = client.headers(h -> headers.forEach(h::set))
                .websocket(spec)
                .uri(uri)
                .handle((in, out) -> {
                    ReactorWsConnection connection = new ReactorWsConnection(in.aggregateFrames(MAX_FRAME_PAYLOAD),
                            out);
                    live.add(connection);
                    connection.lifetime().subscribe(null, error -> live.remove(connection),
                            () -> live.remove(connection));
                    connection.start();
                    if (!opened.complete(connection)) {
                        connection.abort(); // timed out or the client closed meanwhile
                    }
                    return connection.lifetime();
                })
                .subscribe(null, error -> opened.completeExceptionally(cause(error)));
        opened.whenComplete((connection, error) -> {
            if (error != null) {
                subscription.dispose(); // failed, or timed out by the base class
            }
        });
        return opened;
    }

    // ------------------------------------------------------------------ closing

    @Override
    protected void closeResources() {
        // the base class aborted the exchanges still running: each closed its own connection before the pool goes
        ConnectionProvider provider;
        LoopResources loops;
        synchronized (resourceLock) {
            provider = ownProvider;
            loops = ownLoops;
        }
        if (provider == null) {
            return; // nothing of ours: a user's session is never disposed
        }
        Mono<Void> disposal = provider.disposeLater()
                .onErrorResume(error -> {
                    // still release the event loops; the pool's failure is reported, not lost
                    LoggerFactory.getLogger(WebClientBiliApiClient.class)
                            .warn("Disposing the connection pool of {} failed: {}", resourceName, error.toString());
                    return Mono.empty();
                })
                .then(loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)));
        if (Schedulers.isInNonBlockingThread() || Thread.currentThread().getName().startsWith(resourceName + "-")) {
            disposal.subscribe(); // cannot wait on one of the threads being shut down
        } else {
            disposal.block(Duration.ofSeconds(10));
        }
    }

    /**
     * Returns the name of this client's own resources, the prefix of its event loop threads.
     *
     * @return {@code bili-webclient-<n>}
     */
    String resourceName() {
        return resourceName;
    }

    /**
     * Returns the connection pool this client created, if any.
     *
     * @return the pool, or {@code null}
     */
    ConnectionProvider ownConnectionProvider() {
        synchronized (resourceLock) {
            return ownProvider;
        }
    }

    /**
     * Returns the WebSockets whose connection is still up.
     *
     * @return a read-only view
     */
    Set<ReactorWsConnection> liveWebSockets() {
        return java.util.Collections.unmodifiableSet(live);
    }

    @Override
    public String toString() {
        return "WebClientBiliApiClient[" + settings() + ", session="
                + (session == null ? "own" : session.getClass().getSimpleName()) + "]";
    }
}
