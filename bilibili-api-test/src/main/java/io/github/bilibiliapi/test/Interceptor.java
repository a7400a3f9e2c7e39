package io.github.bilibiliapi.test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;

/**
 * The single handler in front of every route: counts and records the request, plays the next scripted fault for its
 * path if any, then dispatches to the route (404/405 when none), turning route errors into 400/500.
 */
final class Interceptor {

    private static final Logger log = LoggerFactory.getLogger(Interceptor.class);
    /** Pause between the partial body and the RST, so the client is surely reading the body when it comes. */
    private static final Duration RESET_PAUSE = Duration.ofMillis(100);

    private final Router router;
    private final ScriptBook scripts;
    private final Counters counters;
    private final ServerContext ctx;
    private final boolean secure;
    private final WebsocketServerSpec wsSpec = WebsocketServerSpec.builder()
            .maxFramePayloadLength(FakeBilibiliServer.MAX_WS_FRAME_PAYLOAD).build();

    Interceptor(Router router, ScriptBook scripts, Counters counters, ServerContext ctx, boolean secure) {
        this.router = router;
        this.scripts = scripts;
        this.counters = counters;
        this.ctx = ctx;
        this.secure = secure;
    }

    Mono<Void> handle(HttpServerRequest req, HttpServerResponse res) {
        String uri = req.uri();
        String target = uri;
        int hash = target.indexOf('#');
        if (hash >= 0) {
            target = target.substring(0, hash);
        }
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String rawQuery = q < 0 ? "" : target.substring(q + 1);
        if (!path.startsWith("/")) {
            // absolute-form target (a client that thinks we are a proxy): keep only the path
            int scheme = path.indexOf("://");
            int slash = scheme < 0 ? -1 : path.indexOf('/', scheme + 3);
            path = slash < 0 ? "/" : path.substring(slash);
        }
        AtomicReference<Channel> channel = new AtomicReference<>();
        req.withConnection(c -> channel.set(c.channel()));
        BodyStats stats = channel.get().attr(BodyStatsHandler.CURRENT).get();
        if (stats == null) {
            stats = new BodyStats();
        }
        RouteRequest base = new RouteRequest(req, path, rawQuery, Map.of(), stats);
        counters.request(base, secure);
        Fault fault = scripts.poll(path);
        Mono<Void> answer = fault == null
                ? dispatch(base, res)
                : ctx.delay(fault.delay).then(Mono.defer(() -> play(fault, base, res, channel.get())));
        String method = req.method().name();
        String logPath = path;
        return answer.onErrorResume(e -> {
            if (res.hasSentHeaders()) {
                log.warn("route {} {} failed after the response started; connection will be closed", method,
                        logPath, e);
                return Mono.error(e);
            }
            int status = e instanceof BadRequestException ? 400 : 500;
            if (status == 500) {
                log.warn("route {} {} failed", method, logPath, e);
            }
            String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
            return text(res, status, message + "\n");
        });
    }

    private Mono<Void> dispatch(RouteRequest base, HttpServerResponse res) {
        HttpServerRequest req = base.netty();
        if (req.requestHeaders().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true)) {
            WebSocketRoute ws = router.webSocket(base.path());
            if (ws != null) {
                return res.sendWebsocket((in, out) -> ws.handle(base, in, out), wsSpec);
            }
        }
        Router.Lookup lookup = router.lookup(req.method().name(), base.path());
        if (lookup.match() == null) {
            return lookup.pathKnown()
                    ? text(res, 405, "method " + req.method().name() + " not allowed on " + base.path() + "\n")
                    : text(res, 404, "no route for " + base.path() + "\n");
        }
        RouteRequest routed = lookup.match().variables().isEmpty() ? base
                : new RouteRequest(req, base.path(), base.rawQuery(), lookup.match().variables(), base.bodyStats());
        return Mono.defer(() -> Flux.from(lookup.match().route().handle(routed, res)).then());
    }

    private Mono<Void> play(Fault f, RouteRequest req, HttpServerResponse res, Channel channel) {
        switch (f.kind) {
            case PASS:
                return dispatch(req, res);
            case RESPOND:
                head(f, res, f.body.length);
                return res.send(Mono.just(Unpooled.wrappedBuffer(f.body))).then();
            case TRICKLE: {
                head(f, res, f.body.length);
                int chunks = (f.body.length + f.chunkSize - 1) / f.chunkSize;
                Flux<ByteBuf> body = Flux.range(0, chunks).concatMap(i -> {
                    ByteBuf chunk = Unpooled.wrappedBuffer(f.body, i * f.chunkSize,
                            Math.min(f.chunkSize, f.body.length - i * f.chunkSize));
                    return i == 0 ? Mono.just(chunk) : ctx.delay(f.interval).thenReturn(chunk);
                });
                return res.send(body).then();
            }
            case RESET_MID_BODY:
                head(f, res, f.declaredLength);
                // a Flux, not a Mono: Reactor Netty would turn a Mono into a full (terminated) message
                return res.send(Flux.just(Unpooled.wrappedBuffer(f.body))).then()
                        .then(ctx.delay(RESET_PAUSE))
                        .then(Mono.defer(() -> {
                            reset(channel);
                            return Mono.never();
                        }));
            case NO_RESPONSE:
                return req.netty().receive().then(Mono.never());
            case CLOSE:
                channel.close();
                return Mono.never();
            default:
                return Mono.error(new IllegalStateException("unknown fault " + f));
        }
    }

    private static void head(Fault f, HttpServerResponse res, long contentLength) {
        res.status(f.status);
        for (Map.Entry<String, String> h : f.headers) {
            res.addHeader(h.getKey(), h.getValue());
        }
        res.header(HttpHeaderNames.CONTENT_LENGTH, Long.toString(contentLength));
    }

    static void reset(Channel channel) {
        // SO_LINGER 0 makes close() send RST instead of FIN: a "connection reset by peer" on the client
        channel.config().setOption(ChannelOption.SO_LINGER, 0);
        channel.close();
    }

    static Mono<Void> text(HttpServerResponse res, int status, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return res.status(HttpResponseStatus.valueOf(status))
                .header(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8")
                .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(bytes.length))
                .send(Mono.just(Unpooled.wrappedBuffer(bytes))).then();
    }
}
