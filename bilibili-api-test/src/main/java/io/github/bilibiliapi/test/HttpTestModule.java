package io.github.bilibiliapi.test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpData;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Generic HTTP and WebSocket test endpoints under {@code /test/}, used by the backend conformance tests and the
 * benchmarks:
 * <ul>
 * <li>{@code ANY /test/echo} — JSON description of the request: {@code method, path, rawQuery, query, headers,
 * cookies, contentType, bodyLength, bodySha256, bodyText} (non-multipart), {@code form} (urlencoded),
 * {@code parts} (multipart: {@code name, filename, contentType, size, sha256, value} for non-file parts).</li>
 * <li>{@code ANY /test/status/{code}} — that status (200..999) with a small text body (none for 204, 304).</li>
 * <li>{@code ANY /test/redirect?to=URL&status=302[&absolute=true]} — redirect; {@code absolute=true} turns a
 * relative {@code to} into {@code scheme://Host/...}.</li>
 * <li>{@code GET /test/set-cookie?a=1&b=2} — one {@code Set-Cookie: name=value; Path=/; HttpOnly} per parameter,
 * 200 with {@code {"set":[names]}}.</li>
 * <li>{@code GET /test/delay?ms=N} — answers {@code {"delayedMs":N}} after N ms (timer, not a blocked thread).</li>
 * <li>{@code GET /test/bytes?n=N} — N bytes, byte {@code i} being {@code (byte) i}, octet-stream.</li>
 * <li>{@code GET /test/json} — a small fixed bilibili-shaped JSON object ({@link #JSON_BODY}).</li>
 * <li>WebSocket {@code /test/ws/echo} — echoes text as text and binary as binary ({@code ?as=text}: binary
 * frames come back as text); on {@code please-close} (as a text or binary frame) sends close 1000 "server
 * closing".</li>
 * <li>WebSocket {@code /test/ws/push?n=N&size=S} — sends N binary frames of S bytes (frame {@code k} filled with
 * {@code (byte) k}), then waits for the client to close.</li>
 * </ul>
 */
public final class HttpTestModule implements ServerModule {

    /** The body of {@code GET /test/json}. */
    public static final String JSON_BODY = "{\"code\":0,\"message\":\"0\",\"ttl\":1,\"data\":{\"mid\":2,"
            + "\"uname\":\"fake\",\"level\":6,\"vip\":false,\"tags\":[\"a\",\"b\",\"c\"]}}";
    /** Text frame that makes {@code /test/ws/echo} close the session. */
    public static final String WS_CLOSE_COMMAND = "please-close";
    /** Close reason {@code /test/ws/echo} sends with status 1000. */
    public static final String WS_CLOSE_REASON = "server closing";

    private static final Set<Integer> REDIRECT_STATUSES = Set.of(301, 302, 303, 307, 308);
    private static final int CHUNK = 64 * 1024;

    private JsonMapper json;
    private ServerContext ctx;

    /** Creates the module; state-free apart from the context it gets at registration. */
    public HttpTestModule() {
    }

    @Override
    public void register(RouteRegistry routes, ServerContext context) {
        this.ctx = context;
        this.json = context.json();
        routes.any("/test/echo", this::echo)
                .any("/test/status/{code}", this::status)
                .any("/test/redirect", this::redirect)
                .get("/test/set-cookie", this::setCookie)
                .get("/test/delay", this::delay)
                .get("/test/bytes", this::bytes)
                .get("/test/json", (req, res) -> send(res, 200, "application/json",
                        JSON_BODY.getBytes(StandardCharsets.UTF_8)))
                .ws("/test/ws/echo", (req, in, out) -> {
                    boolean asText = "text".equals(req.queryParam("as"));
                    return in.aggregateFrames(FakeBilibiliServer.MAX_WS_FRAME_PAYLOAD)
                        .receiveFrames()
                        // copy inside onNext: Reactor Netty releases the frame right after it
                        .map(f -> copy(f, asText))
                        .concatMap(frame -> {
                            if (frame instanceof TextWebSocketFrame t && WS_CLOSE_COMMAND.equals(t.text())) {
                                t.release();
                                return out.sendClose(1000, WS_CLOSE_REASON);
                            }
                            return out.sendObject(frame).then();
                        })
                        .then();
                })
                .ws("/test/ws/push", (req, in, out) -> {
                    long n = req.longParam("n", 1, 0, 1_000_000);
                    int size = (int) req.longParam("size", 16, 0, FakeBilibiliServer.MAX_WS_FRAME_PAYLOAD);
                    Flux<WebSocketFrame> frames = Flux.range(0, (int) n).map(k -> {
                        ByteBuf buf = ByteBufAllocator.DEFAULT.buffer(size);
                        for (int i = 0; i < size; i++) {
                            buf.writeByte(k);
                        }
                        return new BinaryWebSocketFrame(buf);
                    });
                    return out.sendObject(frames).then().then(in.receiveFrames().then());
                });
    }

    private static WebSocketFrame copy(WebSocketFrame f, boolean asText) {
        if (f instanceof TextWebSocketFrame t) {
            return new TextWebSocketFrame(t.text());
        }
        // a client that can only send binary frames (the bilibili client SPI) still gets text replies and can
        // send the close command
        if (asText || f.content().readableBytes() == WS_CLOSE_COMMAND.length()
                && WS_CLOSE_COMMAND.equals(f.content().toString(StandardCharsets.UTF_8))) {
            return new TextWebSocketFrame(f.content().toString(StandardCharsets.UTF_8));
        }
        return new BinaryWebSocketFrame(Unpooled.copiedBuffer(f.content()));
    }

    private Mono<Void> echo(RouteRequest req, HttpServerResponse res) {
        ObjectNode node = json.createObjectNode();
        node.put("method", req.method());
        node.put("path", req.path());
        node.put("rawQuery", req.rawQuery());
        ObjectNode query = node.putObject("query");
        req.query().forEach((k, vs) -> vs.forEach(query.withArrayProperty(k)::add));
        ObjectNode headers = node.putObject("headers");
        req.headers().forEach(h -> headers.withArrayProperty(h.getKey().toLowerCase(Locale.ROOT)).add(h.getValue()));
        ObjectNode cookies = node.putObject("cookies");
        req.cookies().forEach(cookies::put);
        String contentType = req.header("Content-Type");
        node.put("contentType", contentType);
        if (req.netty().isMultipart()) {
            ArrayNode parts = node.putArray("parts");
            return req.netty().receiveForm()
                    // describe synchronously: the HttpData is released once onNext returns
                    .doOnNext(data -> parts.add(describe(data)))
                    .then(Mono.defer(() -> {
                        BodyStats stats = req.bodyStats();
                        node.put("bodyLength", stats.size());
                        node.put("bodySha256", stats.sha256());
                        return sendJson(res, node);
                    }));
        }
        return req.body().flatMap(body -> {
            node.put("bodyLength", body.length);
            node.put("bodySha256", sha256(body));
            node.put("bodyText", new String(body, StandardCharsets.UTF_8));
            if (contentType != null
                    && contentType.toLowerCase(Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
                ObjectNode form = node.putObject("form");
                RouteRequest.decodeForm(new String(body, StandardCharsets.UTF_8))
                        .forEach((k, vs) -> vs.forEach(form.withArrayProperty(k)::add));
            }
            return sendJson(res, node);
        });
    }

    private ObjectNode describe(HttpData data) {
        ObjectNode part = json.createObjectNode();
        part.put("name", data.getName());
        try {
            if (data instanceof FileUpload file) {
                part.put("filename", file.getFilename());
                part.put("contentType", file.getContentType());
            } else {
                part.putNull("filename");
                part.putNull("contentType");
            }
            part.put("size", data.length());
            part.put("inMemory", data.isInMemory());
            part.put("sha256", data.isInMemory() ? sha256(data.get()) : sha256(data.getFile().toPath()));
            if (data instanceof Attribute attr) {
                part.put("value", attr.getValue());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read multipart part " + data.getName(), e);
        }
        return part;
    }

    private Mono<Void> status(RouteRequest req, HttpServerResponse res) {
        int code;
        try {
            code = Integer.parseInt(req.pathVariable("code"));
        } catch (NumberFormatException e) {
            throw new BadRequestException("status code is not a number: " + req.pathVariable("code"));
        }
        if (code < 200 || code > 999) {
            throw new BadRequestException("status code must be in 200..999, was " + code);
        }
        byte[] body = code == 204 || code == 304 ? new byte[0]
                : ("status " + code + "\n").getBytes(StandardCharsets.UTF_8);
        return send(res, code, "text/plain; charset=utf-8", body);
    }

    private Mono<Void> redirect(RouteRequest req, HttpServerResponse res) {
        String to = req.queryParam("to");
        if (to == null || to.isEmpty()) {
            throw new BadRequestException("query parameter 'to' is required");
        }
        int code = (int) req.longParam("status", 302, 300, 399);
        if (!REDIRECT_STATUSES.contains(code)) {
            throw new BadRequestException("redirect status must be one of " + REDIRECT_STATUSES + ", was " + code);
        }
        String location = to;
        if ("true".equals(req.queryParam("absolute")) && to.startsWith("/")) {
            String scheme = req.netty().scheme();
            location = scheme + "://" + req.header("Host") + to;
        }
        res.header(HttpHeaderNames.LOCATION, location);
        return send(res, code, "text/plain; charset=utf-8",
                ("redirect to " + location + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private Mono<Void> setCookie(RouteRequest req, HttpServerResponse res) {
        ObjectNode node = json.createObjectNode();
        ArrayNode set = node.putArray("set");
        req.query().forEach((name, values) -> values.forEach(v -> {
            res.addHeader(HttpHeaderNames.SET_COOKIE, name + "=" + v + "; Path=/; HttpOnly");
            set.add(name);
        }));
        return sendJson(res, node);
    }

    private Mono<Void> delay(RouteRequest req, HttpServerResponse res) {
        long ms = req.longParam("ms", 0, 0, 600_000);
        ObjectNode node = json.createObjectNode();
        node.put("delayedMs", ms);
        return ctx.delay(Duration.ofMillis(ms)).then(Mono.defer(() -> sendJson(res, node)));
    }

    private Mono<Void> bytes(RouteRequest req, HttpServerResponse res) {
        long n = req.longParam("n", 0, 0, 1L << 32);
        res.status(200)
                .header(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream")
                .header(HttpHeaderNames.CONTENT_LENGTH, Long.toString(n));
        Flux<ByteBuf> chunks = Flux.generate(() -> 0L, (offset, sink) -> {
            if (offset >= n) {
                sink.complete();
                return offset;
            }
            int len = (int) Math.min(CHUNK, n - offset);
            ByteBuf buf = ByteBufAllocator.DEFAULT.buffer(len);
            for (int i = 0; i < len; i++) {
                buf.writeByte((int) (offset + i));
            }
            sink.next(buf);
            return offset + len;
        });
        return res.send(chunks).then();
    }

    private Mono<Void> sendJson(HttpServerResponse res, ObjectNode node) {
        return send(res, 200, "application/json", json.writeValueAsBytes(node));
    }

    static Mono<Void> send(HttpServerResponse res, int status, String contentType, byte[] body) {
        return res.status(status)
                .header(HttpHeaderNames.CONTENT_TYPE, contentType)
                .header(HttpHeaderNames.CONTENT_LENGTH, Integer.toString(body.length))
                .send(Mono.just(Unpooled.wrappedBuffer(body))).then();
    }

    static String sha256(byte[] bytes) {
        return HexFormat.of().formatHex(digest().digest(bytes));
    }

    private static String sha256(java.nio.file.Path file) throws IOException {
        MessageDigest d = digest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[CHUNK];
            for (int r; (r = in.read(buf)) > 0;) {
                d.update(buf, 0, r);
            }
        }
        return HexFormat.of().formatHex(d.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without SHA-256", e);
        }
    }
}
