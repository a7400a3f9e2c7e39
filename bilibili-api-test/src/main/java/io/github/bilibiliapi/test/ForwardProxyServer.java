package io.github.bilibiliapi.test;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.resolver.DefaultAddressResolverGroup;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * A forward HTTP proxy on its own ephemeral loopback port, for testing clients' proxy support.
 *
 * <ul>
 * <li>Absolute-form {@code http://} requests are forwarded with a Reactor Netty {@link HttpClient} (no redirects
 * followed, no decompression); status, end-to-end headers and body are copied back. Bodies are aggregated (up to
 * {@link #MAX_BODY} bytes) in both directions, so a slow upstream body arrives at the client all at once.</li>
 * <li>{@code CONNECT host:port} opens a TCP tunnel, so HTTPS and WSS through the proxy work too.</li>
 * <li>An absolute-form request carrying {@code Upgrade} (a plain {@code ws://} handshake, as OkHttp sends it) is
 * passed on in origin form over a new TCP connection, which is then relayed raw.</li>
 * <li>{@link #requireCredentials} makes every request without the right {@code Proxy-Authorization: Basic ...}
 * answer 407 with {@code Proxy-Authenticate: Basic realm="test"} (the connection stays open for the retry).</li>
 * </ul>
 * Threads are named {@code fake-proxy-N-...} and all end with {@link #close()}.
 */
public final class ForwardProxyServer implements AutoCloseable {

    /** Largest request or response body the proxy forwards (64 MiB). */
    public static final int MAX_BODY = 64 * 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(ForwardProxyServer.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authorization",
            "proxy-authenticate", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade");

    private final String threadPrefix;
    private final LoopResources loops;
    private final ConnectionProvider provider;
    private final HttpClient client;
    private final ChannelGroup channels;
    private final Channel serverChannel;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final AtomicLong connectionsOpened = new AtomicLong();
    private final AtomicLong forwarded = new AtomicLong();
    private final AtomicLong tunnels = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final List<String> forwardedTargets = new CopyOnWriteArrayList<>();
    private final List<String> tunnelTargets = new CopyOnWriteArrayList<>();
    private volatile String expectedAuthorization;

    private ForwardProxyServer() {
        threadPrefix = "fake-proxy-" + INSTANCES.incrementAndGet();
        loops = LoopResources.create(threadPrefix, 1, 2, true, false);
        // the group's executor is one of our loops, not Netty's global executor thread
        channels = new DefaultChannelGroup(loops.onServer(false).next());
        provider = ConnectionProvider.builder(threadPrefix).maxConnections(64).build();
        client = HttpClient.create(provider)
                .runOn(loops, false)
                // the JDK resolver: Netty's DNS resolver would read resolv.conf and spin its own machinery
                .resolver(DefaultAddressResolverGroup.INSTANCE)
                .followRedirect(false)
                .compress(false)
                .disableRetry(true);
        try {
            serverChannel = new ServerBootstrap()
                    .group(loops.onServerSelect(false), loops.onServer(false))
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            connectionsOpened.incrementAndGet();
                            channels.add(ch);
                            ch.pipeline().addLast("codec", new HttpServerCodec(65536, 65536, 65536))
                                    .addLast("aggregator", new HttpObjectAggregator(MAX_BODY))
                                    .addLast("proxy", new ProxyHandler());
                        }
                    })
                    .bind(new InetSocketAddress("127.0.0.1", 0)).syncUninterruptibly().channel();
            channels.add(serverChannel);
        } catch (RuntimeException e) {
            disposeResources();
            throw e;
        }
    }

    /**
     * Starts a proxy on an ephemeral loopback port, accepting anyone.
     *
     * @return the running proxy; close it
     */
    public static ForwardProxyServer start() {
        return new ForwardProxyServer();
    }

    /**
     * From now on, demand these Basic credentials.
     *
     * @param user     user name, no {@code :}
     * @param password password
     * @return this proxy
     */
    public ForwardProxyServer requireCredentials(String user, String password) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        if (user.contains(":")) {
            throw new IllegalArgumentException("Basic user name must not contain ':'");
        }
        expectedAuthorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return this;
    }

    /**
     * Stops demanding credentials.
     *
     * @return this proxy
     */
    public ForwardProxyServer allowAnonymous() {
        expectedAuthorization = null;
        return this;
    }

    /**
     * The proxy's URL, for client proxy settings.
     *
     * @return {@code http://127.0.0.1:PORT}
     */
    public String proxyUrl() {
        return "http://127.0.0.1:" + port();
    }

    /**
     * The proxy's host.
     *
     * @return {@code 127.0.0.1}
     */
    public String host() {
        return "127.0.0.1";
    }

    /**
     * The bound port.
     *
     * @return the port
     */
    public int port() {
        return ((InetSocketAddress) serverChannel.localAddress()).getPort();
    }

    /**
     * Absolute-form requests forwarded (answered by the target or with 502, {@code Upgrade} requests included), not
     * counting 407s and CONNECT tunnels.
     *
     * @return the count
     */
    public long forwardedCount() {
        return forwarded.get();
    }

    /**
     * Absolute URIs of forwarded requests, oldest first.
     *
     * @return an unmodifiable snapshot
     */
    public List<String> forwardedTargets() {
        return Collections.unmodifiableList(new ArrayList<>(forwardedTargets));
    }

    /**
     * CONNECT tunnels established.
     *
     * @return the count
     */
    public long tunnelCount() {
        return tunnels.get();
    }

    /**
     * {@code host:port} of CONNECT requests that were authorised, oldest first (also those whose target refused).
     *
     * @return an unmodifiable snapshot
     */
    public List<String> tunnelTargets() {
        return Collections.unmodifiableList(new ArrayList<>(tunnelTargets));
    }

    /**
     * Requests answered 407.
     *
     * @return the count
     */
    public long rejectedCount() {
        return rejected.get();
    }

    /**
     * TCP connections accepted from clients.
     *
     * @return the count
     */
    public long connectionsOpened() {
        return connectionsOpened.get();
    }

    /** Zeroes every counter and forgets recorded targets. */
    public void resetCounters() {
        connectionsOpened.set(0);
        forwarded.set(0);
        tunnels.set(0);
        rejected.set(0);
        forwardedTargets.clear();
        tunnelTargets.clear();
    }

    /**
     * Prefix of every thread this proxy creates, for leak checks.
     *
     * @return e.g. {@code fake-proxy-1}
     */
    public String threadNamePrefix() {
        return threadPrefix;
    }

    /** Closes the port, every client and tunnel connection, and the event loops. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            channels.close().awaitUninterruptibly(5_000);
            disposeResources();
        }
    }

    private void disposeResources() {
        provider.disposeLater().block(Duration.ofSeconds(5));
        loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(Duration.ofSeconds(10));
    }

    @Override
    public String toString() {
        return "ForwardProxyServer[" + proxyUrl() + "]";
    }

    private final class ProxyHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
            String expected = expectedAuthorization;
            if (expected != null && !expected.equals(req.headers().get(HttpHeaderNames.PROXY_AUTHORIZATION))) {
                rejected.incrementAndGet();
                FullHttpResponse res = text(HttpResponseStatus.PROXY_AUTHENTICATION_REQUIRED,
                        "proxy authentication required\n");
                res.headers().set(HttpHeaderNames.PROXY_AUTHENTICATE, "Basic realm=\"test\"");
                reply(ctx, req, res);
                return;
            }
            if (req.method().equals(HttpMethod.CONNECT)) {
                connect(ctx, req.uri());
                return;
            }
            if (!req.uri().regionMatches(true, 0, "http://", 0, 7)) {
                reply(ctx, req, text(HttpResponseStatus.BAD_REQUEST,
                        "this proxy forwards absolute-form http:// requests and CONNECT only, got " + req.uri() + "\n"));
                return;
            }
            if (req.headers().contains(HttpHeaderNames.UPGRADE)) {
                upgrade(ctx, req);
                return;
            }
            forward(ctx, req);
        }

        /**
         * A plain {@code ws://} upgrade sent to the proxy in absolute form (OkHttp does this): pass the request on
         * in origin form over a fresh TCP connection, then relay bytes both ways, so the 101 and the frames flow.
         */
        private void upgrade(ChannelHandlerContext ctx, FullHttpRequest req) {
            forwarded.incrementAndGet();
            forwardedTargets.add(req.uri());
            URI target = URI.create(req.uri());
            int port = target.getPort() < 0 ? 80 : target.getPort();
            StringBuilder head = new StringBuilder();
            head.append(req.method().name()).append(' ')
                    .append(target.getRawPath() == null || target.getRawPath().isEmpty() ? "/" : target.getRawPath())
                    .append(target.getRawQuery() == null ? "" : "?" + target.getRawQuery())
                    .append(" HTTP/1.1\r\n");
            for (Map.Entry<String, String> h : req.headers()) {
                String name = h.getKey().toLowerCase(Locale.ROOT);
                if (!name.equals("proxy-authorization") && !name.equals("proxy-connection")) {
                    head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
                }
            }
            head.append("\r\n");
            ByteBuf first = Unpooled.wrappedBuffer(Unpooled.copiedBuffer(head, StandardCharsets.ISO_8859_1),
                    req.content().retain());
            tunnel(ctx.channel(), target.getHost(), port, req.uri(), first);
        }

        private void connect(ChannelHandlerContext ctx, String authority) {
            tunnelTargets.add(authority);
            int colon = authority.lastIndexOf(':');
            int port;
            try {
                port = colon < 0 ? -1 : Integer.parseInt(authority.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = -1;
            }
            if (port < 1 || port > 65535) {
                ctx.writeAndFlush(text(HttpResponseStatus.BAD_REQUEST, "CONNECT needs host:port, got " + authority
                        + "\n")).addListener(ChannelFutureListener.CLOSE);
                return;
            }
            String host = authority.substring(0, colon).replace("[", "").replace("]", "");
            tunnel(ctx.channel(), host, port, authority, null);
        }

        private void forward(ChannelHandlerContext ctx, FullHttpRequest req) {
            forwarded.incrementAndGet();
            forwardedTargets.add(req.uri());
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            byte[] body = new byte[req.content().readableBytes()];
            req.content().readBytes(body);
            HttpHeaders outHeaders = endToEnd(req.headers());
            HttpMethod method = req.method();
            String uri = req.uri();
            // one exchange at a time per client connection: stop reading until this answer is written
            ctx.channel().config().setAutoRead(false);
            client.headers(h -> h.set(outHeaders))
                    .request(method)
                    .uri(uri)
                    .send(body.length == 0 ? Mono.empty() : Mono.just(Unpooled.wrappedBuffer(body)))
                    .responseSingle((upstream, bytes) -> bytes.asByteArray().defaultIfEmpty(new byte[0])
                            .map(b -> {
                                FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                                        upstream.status(), Unpooled.wrappedBuffer(b));
                                res.headers().set(endToEnd(upstream.responseHeaders()));
                                HttpUtil.setContentLength(res, b.length);
                                return res;
                            }))
                    .onErrorResume(e -> {
                        log.debug("forwarding to {} failed", uri, e);
                        return Mono.just(text(HttpResponseStatus.BAD_GATEWAY,
                                "proxy could not reach " + uri + ": " + e + "\n"));
                    })
                    .subscribe(res -> {
                        HttpUtil.setKeepAlive(res, keepAlive);
                        ChannelFuture f = ctx.writeAndFlush(res);
                        if (!keepAlive) {
                            f.addListener(ChannelFutureListener.CLOSE);
                        }
                        ctx.channel().config().setAutoRead(true);
                    });
        }

        /**
         * Connects to the target and turns the client connection into a byte pipe. With {@code first == null} it is
         * a CONNECT (answer 200 first); otherwise {@code first} is written to the target and nothing is answered.
         */
        private void tunnel(Channel clientChannel, String host, int port, String what, ByteBuf first) {
            clientChannel.config().setAutoRead(false);
            new Bootstrap().group(clientChannel.eventLoop()).channel(NioSocketChannel.class)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 5000)
                    .handler(new ChannelInitializer<Channel>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            channels.add(ch);
                            ch.pipeline().addLast(new Relay(clientChannel));
                        }
                    })
                    .connect(host, port).addListener((ChannelFuture f) -> {
                        if (!f.isSuccess()) {
                            if (first != null) {
                                first.release();
                            }
                            clientChannel.writeAndFlush(text(HttpResponseStatus.BAD_GATEWAY,
                                    "cannot connect to " + what + ": " + f.cause() + "\n"))
                                    .addListener(ChannelFutureListener.CLOSE);
                            return;
                        }
                        if (first == null) {
                            tunnels.incrementAndGet();
                            // written through the codec synchronously (we are on the event loop), then the HTTP
                            // handlers leave and the connection becomes a byte pipe
                            clientChannel.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                                    new HttpResponseStatus(200, "Connection Established")));
                        } else {
                            f.channel().writeAndFlush(first);
                        }
                        clientChannel.pipeline().remove("aggregator");
                        clientChannel.pipeline().remove("proxy");
                        clientChannel.pipeline().addLast(new Relay(f.channel()));
                        clientChannel.pipeline().remove("codec");
                        clientChannel.config().setAutoRead(true);
                    });
        }

        private void reply(ChannelHandlerContext ctx, FullHttpRequest req, FullHttpResponse res) {
            boolean keepAlive = HttpUtil.isKeepAlive(req);
            HttpUtil.setKeepAlive(res, keepAlive);
            ChannelFuture f = ctx.writeAndFlush(res);
            if (!keepAlive) {
                f.addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("proxy connection failed", cause);
            ctx.close();
        }
    }

    private static HttpHeaders endToEnd(HttpHeaders in) {
        HttpHeaders out = new io.netty.handler.codec.http.DefaultHttpHeaders();
        Set<String> listed = new java.util.HashSet<>();
        for (String c : in.getAll(HttpHeaderNames.CONNECTION)) {
            for (String token : c.split(",")) {
                listed.add(token.trim().toLowerCase(Locale.ROOT));
            }
        }
        for (Map.Entry<String, String> h : in) {
            String name = h.getKey().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(name) && !listed.contains(name)) {
                out.add(h.getKey(), h.getValue());
            }
        }
        return out;
    }

    private static FullHttpResponse text(HttpResponseStatus status, String body) {
        ByteBuf content = Unpooled.copiedBuffer(body, StandardCharsets.UTF_8);
        FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
        res.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
        HttpUtil.setContentLength(res, content.readableBytes());
        return res;
    }

    /** Copies bytes to the peer channel; when one side closes, the other is closed after a flush. */
    private static final class Relay extends ChannelInboundHandlerAdapter {
        private final Channel peer;

        Relay(Channel peer) {
            this.peer = peer;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            peer.writeAndFlush(msg);
            if (!peer.isWritable()) {
                // back-pressure: stop reading this side until the peer drains
                ctx.channel().config().setAutoRead(false);
            }
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            peer.config().setAutoRead(ctx.channel().isWritable());
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (peer.isActive()) {
                peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("tunnel failed", cause);
            ctx.close();
        }
    }
}
