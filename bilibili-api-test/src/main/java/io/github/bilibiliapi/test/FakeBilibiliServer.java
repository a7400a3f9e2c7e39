package io.github.bilibiliapi.test;

import io.netty.channel.ChannelPipeline;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.DisposableServer;
import reactor.netty.NettyPipeline;
import reactor.netty.http.Http11SslContextSpec;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fake bilibili: a real Reactor Netty HTTP/1.1 server on two ephemeral loopback ports (plain HTTP/WS and
 * HTTPS/WSS with {@link TestCertificate}), serving the routes of its {@link ServerModule}s behind one interceptor that
 * counts connections and requests, records recent requests and plays scripted {@link Fault}s.
 *
 * <pre>{@code
 * try (FakeBilibiliServer server = FakeBilibiliServer.start()) {
 *     server.script("/test/echo", Fault.html(412, "<html>blocked</html>"));
 *     // ... call server.httpBaseUrl() + "/test/echo" ...
 *     assertThat(server.requestCount("/test/echo")).isEqualTo(1);
 * }
 * }</pre>
 *
 * <p>Everything runs on the server's own event loops (threads named {@code fake-bili-N-...}); {@link #close()}
 * disposes them, so no thread outlives the server.
 */
public final class FakeBilibiliServer implements AutoCloseable {

    /** Largest WebSocket frame payload the server accepts and sends (32 MiB). */
    public static final int MAX_WS_FRAME_PAYLOAD = 32 * 1024 * 1024;
    /** Default number of recent requests kept for {@link #lastRequest(String)}. */
    public static final int DEFAULT_RECENT_REQUESTS = 256;

    private static final Logger log = LoggerFactory.getLogger(FakeBilibiliServer.class);
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final String HOST = "127.0.0.1";

    private final String threadPrefix;
    private final LoopResources loops;
    private final Scheduler formScheduler;
    private final Path uploadDir;
    private final Router router = new Router();
    private final ScriptBook scripts = new ScriptBook();
    private final Counters counters;
    private final List<ServerModule> modules;
    private final Context context = new Context();
    private final JsonMapper json = JsonMapper.builder().build();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile DisposableServer http;
    private volatile DisposableServer https;

    private FakeBilibiliServer(Builder b) {
        this.threadPrefix = "fake-bili-" + INSTANCES.incrementAndGet();
        this.counters = new Counters(b.recentRequests);
        this.modules = List.copyOf(b.modules);
        try {
            this.uploadDir = Files.createTempDirectory("fake-bili-uploads");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create upload directory", e);
        }
        this.loops = LoopResources.create(threadPrefix, 1, 2, true, false);
        this.formScheduler = Schedulers.newBoundedElastic(2, 1000, threadPrefix + "-form", 10, true);
    }

    /**
     * A builder with no modules; add {@link Builder#defaultModules()} and/or your own.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts a server with the default modules (generic {@code /test/} endpoints and the bilibili routes).
     *
     * @return the running server; close it
     */
    public static FakeBilibiliServer start() {
        return builder().defaultModules().start();
    }

    /**
     * Fresh instances of the default modules, in registration order.
     *
     * @return a new mutable list
     */
    public static List<ServerModule> defaultModules() {
        return DefaultModules.create();
    }

    private FakeBilibiliServer bind() {
        Interceptor plain = new Interceptor(router, scripts, counters, context, false);
        Interceptor secure = new Interceptor(router, scripts, counters, context, true);
        try {
            for (ServerModule m : modules) {
                m.register(router, context);
            }
            http = base().handle(plain::handle).bindNow(Duration.ofSeconds(10));
            https = base().secure(spec -> spec.sslContext(
                            Http11SslContextSpec.forServer(TestCertificate.privateKey(), TestCertificate.certificate())))
                    .handle(secure::handle).bindNow(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        log.debug("{} listening on {} and {}", threadPrefix, httpBaseUrl(), httpsBaseUrl());
        return this;
    }

    private HttpServer base() {
        return HttpServer.create()
                .runOn(loops, false)
                .host(HOST)
                .port(0)
                // bilibili cookies and signed queries are long; Netty's 4/8 KiB defaults would 400 them
                .httpRequestDecoder(spec -> spec.maxInitialLineLength(64 * 1024).maxHeaderSize(64 * 1024))
                .httpFormDecoder(spec -> spec.baseDirectory(uploadDir).maxInMemorySize(16 * 1024)
                        .scheduler(formScheduler))
                .doOnChannelInit((observer, channel, remote) -> {
                    counters.connectionOpened();
                    channel.closeFuture().addListener(f -> counters.connectionClosed());
                    ChannelPipeline p = channel.pipeline();
                    if (p.get(NettyPipeline.HttpTrafficHandler) != null) {
                        p.addAfter(NettyPipeline.HttpTrafficHandler, BodyStatsHandler.NAME, new BodyStatsHandler());
                    } else if (p.get(NettyPipeline.HttpCodec) != null) {
                        p.addAfter(NettyPipeline.HttpCodec, BodyStatsHandler.NAME, new BodyStatsHandler());
                    } else {
                        p.addLast(BodyStatsHandler.NAME, new BodyStatsHandler());
                    }
                });
    }

    /**
     * Base URL of the plain HTTP port.
     *
     * @return {@code http://127.0.0.1:PORT}
     */
    public String httpBaseUrl() {
        return "http://" + HOST + ":" + port();
    }

    /**
     * Base URL of the TLS port.
     *
     * @return {@code https://127.0.0.1:PORT}
     */
    public String httpsBaseUrl() {
        return "https://" + HOST + ":" + httpsPort();
    }

    /**
     * WebSocket base URL of the plain port.
     *
     * @return {@code ws://127.0.0.1:PORT}
     */
    public String wsBaseUrl() {
        return "ws://" + HOST + ":" + port();
    }

    /**
     * WebSocket base URL of the TLS port.
     *
     * @return {@code wss://127.0.0.1:PORT}
     */
    public String wssBaseUrl() {
        return "wss://" + HOST + ":" + httpsPort();
    }

    /**
     * The plain HTTP/WS port.
     *
     * @return the bound port
     */
    public int port() {
        return requireBound(http).port();
    }

    /**
     * The HTTPS/WSS port.
     *
     * @return the bound port
     */
    public int httpsPort() {
        return requireBound(https).port();
    }

    /**
     * The installed module of a type, to configure its state from a test.
     *
     * @param type the module class
     * @param <T>  module type
     * @return the first installed module that is an instance of {@code type}
     * @throws NoSuchElementException if none is installed
     */
    public <T extends ServerModule> T module(Class<T> type) {
        return modules.stream().filter(type::isInstance).map(type::cast).findFirst().orElseThrow(
                () -> new NoSuchElementException("no module of type " + type.getName() + " installed"));
    }

    /**
     * Server facilities, the same object modules got at registration.
     *
     * @return the context
     */
    public ServerContext context() {
        return context;
    }

    /**
     * Queues a fault for the next request to {@code path} (one shot). Faults on one path are used in FIFO order.
     *
     * @param path  exact request path (no query)
     * @param fault what to do
     * @return this server
     */
    public FakeBilibiliServer script(String path, Fault fault) {
        return script(path, fault, 1);
    }

    /**
     * Queues a fault for the next {@code times} requests to {@code path}, after earlier queued faults on that path.
     *
     * @param path  exact request path (no query)
     * @param fault what to do
     * @param times how many requests it applies to, at least 1
     * @return this server
     */
    public FakeBilibiliServer script(String path, Fault fault, int times) {
        checkScript(path, fault);
        if (times < 1) {
            throw new IllegalArgumentException("times must be >= 1, was " + times);
        }
        scripts.add(path, fault, times);
        return this;
    }

    /**
     * Queues a fault for every later request to {@code path} until {@link #clearScripts()}.
     *
     * @param path  exact request path (no query)
     * @param fault what to do
     * @return this server
     */
    public FakeBilibiliServer scriptAlways(String path, Fault fault) {
        checkScript(path, fault);
        scripts.add(path, fault, ScriptBook.FOREVER);
        return this;
    }

    /**
     * How many queued fault entries remain for a path (an entry with several times left counts once).
     *
     * @param path exact request path
     * @return number of entries
     */
    public int pendingScripts(String path) {
        return scripts.pending(path);
    }

    /** Drops every queued fault. */
    public void clearScripts() {
        scripts.clear();
    }

    /**
     * TCP connections accepted on both ports since start or {@link #resetCounters()}.
     *
     * @return the count
     */
    public long connectionsOpened() {
        return counters.connectionsOpened();
    }

    /**
     * TCP connections currently open on both ports (a live gauge, not reset by {@link #resetCounters()}).
     *
     * @return the count
     */
    public int openConnections() {
        return counters.openConnections();
    }

    /**
     * Requests received for a path on both ports (counted on arrival, before faults and routing; WebSocket
     * upgrades and 404s included).
     *
     * @param path exact request path, no query
     * @return the count
     */
    public long requestCount(String path) {
        return counters.requestCount(path);
    }

    /**
     * Requests received for all paths.
     *
     * @return the count
     */
    public long totalRequests() {
        return counters.totalRequests();
    }

    /**
     * The most recent recorded request to a path.
     *
     * @param path exact request path, no query
     * @return its snapshot
     * @throws NoSuchElementException naming the recorded paths if none was recorded for {@code path}
     */
    public RecordedRequest lastRequest(String path) {
        List<RecordedRequest> all = counters.recent(path);
        if (all.isEmpty()) {
            List<String> seen = counters.recent(null).stream().map(RecordedRequest::path).distinct().toList();
            throw new NoSuchElementException("no request to " + path + " recorded; recorded paths: " + seen);
        }
        return all.get(all.size() - 1);
    }

    /**
     * Recorded requests to a path, oldest first (at most the recent-request limit over all paths).
     *
     * @param path exact request path, no query
     * @return snapshots
     */
    public List<RecordedRequest> requests(String path) {
        return counters.recent(Objects.requireNonNull(path, "path"));
    }

    /**
     * All recorded requests, oldest first.
     *
     * @return snapshots
     */
    public List<RecordedRequest> recentRequests() {
        return counters.recent(null);
    }

    /** Zeroes {@link #connectionsOpened()}, every {@link #requestCount(String)} and forgets recorded requests. */
    public void resetCounters() {
        counters.reset();
    }

    /**
     * Prefix of every thread this server creates, for leak checks.
     *
     * @return e.g. {@code fake-bili-3}
     */
    public String threadNamePrefix() {
        return threadPrefix;
    }

    /** Stops both ports, closes every connection, and disposes the event loops and upload directory. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        RuntimeException failure = null;
        for (DisposableServer s : new DisposableServer[] {http, https}) {
            if (s != null) {
                try {
                    // not disposeNow(): its timeout runs on Reactor's global parallel scheduler
                    s.dispose();
                    s.onDispose().block(Duration.ofSeconds(5));
                } catch (RuntimeException e) {
                    failure = addFailure(failure, e);
                }
            }
        }
        try {
            // quiet period zero: tests open and close many servers; nothing is in flight any more
            loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            failure = addFailure(failure, e);
        }
        formScheduler.dispose();
        try (Stream<Path> files = Files.walk(uploadDir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            failure = addFailure(failure, new UncheckedIOException("cannot delete " + uploadDir, e));
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static RuntimeException addFailure(RuntimeException first, RuntimeException next) {
        if (first == null) {
            return next;
        }
        first.addSuppressed(next);
        return first;
    }

    private DisposableServer requireBound(DisposableServer s) {
        if (s == null) {
            throw new IllegalStateException("server not bound yet");
        }
        return s;
    }

    private static void checkScript(String path, Fault fault) {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(fault, "fault");
        if (!path.startsWith("/") || path.contains("?")) {
            throw new IllegalArgumentException("script path must start with '/' and carry no query: '" + path + "'");
        }
    }

    @Override
    public String toString() {
        return "FakeBilibiliServer[" + threadPrefix + (http == null ? "" : " " + httpBaseUrl()) + "]";
    }

    private final class Context implements ServerContext {

        @Override
        public String httpBaseUrl() {
            return FakeBilibiliServer.this.httpBaseUrl();
        }

        @Override
        public String httpsBaseUrl() {
            return FakeBilibiliServer.this.httpsBaseUrl();
        }

        @Override
        public String wsBaseUrl() {
            return FakeBilibiliServer.this.wsBaseUrl();
        }

        @Override
        public String wssBaseUrl() {
            return FakeBilibiliServer.this.wssBaseUrl();
        }

        @Override
        public JsonMapper json() {
            return json;
        }

        @Override
        public Mono<Void> delay(Duration delay) {
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("delay must not be negative, was " + delay);
            }
            if (delay.isZero()) {
                return Mono.empty();
            }
            return Mono.create(sink -> {
                // stay on the caller's event loop when there is one, so the route continues on its channel's thread
                EventExecutor executor = null;
                for (EventExecutor e : loops.onServer(false)) {
                    if (e.inEventLoop()) {
                        executor = e;
                        break;
                    }
                }
                if (executor == null) {
                    executor = loops.onServer(false).next();
                }
                ScheduledFuture<?> f = executor.schedule(() -> sink.success(), delay.toNanos(),
                        TimeUnit.NANOSECONDS);
                sink.onCancel(() -> f.cancel(false));
            });
        }
    }

    /** Collects modules and options, then binds. */
    public static final class Builder {

        private final List<ServerModule> modules = new ArrayList<>();
        private int recentRequests = DEFAULT_RECENT_REQUESTS;

        private Builder() {
        }

        /**
         * Adds a module.
         *
         * @param module the module; registered in the order added
         * @return this builder
         */
        public Builder module(ServerModule module) {
            modules.add(Objects.requireNonNull(module, "module"));
            return this;
        }

        /**
         * Adds fresh instances of {@link FakeBilibiliServer#defaultModules()}.
         *
         * @return this builder
         */
        public Builder defaultModules() {
            modules.addAll(DefaultModules.create());
            return this;
        }

        /**
         * How many recent requests to keep for {@link FakeBilibiliServer#lastRequest(String)}.
         *
         * @param limit at least 1; default {@link FakeBilibiliServer#DEFAULT_RECENT_REQUESTS}
         * @return this builder
         */
        public Builder recentRequests(int limit) {
            if (limit < 1) {
                throw new IllegalArgumentException("recent request limit must be >= 1, was " + limit);
            }
            this.recentRequests = limit;
            return this;
        }

        /**
         * Registers the modules and binds both ports.
         *
         * @return the running server
         */
        public FakeBilibiliServer start() {
            return new FakeBilibiliServer(this).bind();
        }
    }
}
