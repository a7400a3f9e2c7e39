package io.github.bilibiliapi.live.danmaku;

import io.github.bilibiliapi.client.BiliWsMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * The state machine behind {@link LiveDanmaku}: resolve the room, fetch the server, open the socket, authenticate,
 * keep it alive, and on loss try again ({@link ReconnectPolicy}) with a new {@link Attempt}. Everything runs on one
 * serial loop. A callback acts only if its attempt is still {@link #current} ({@link #guard}, the one staleness
 * check); {@link #stopping} is the one stop flag.
 */
final class DanmakuConnection implements FrameDecoder.Sink {

    private static final Logger LOG = LoggerFactory.getLogger(LiveDanmaku.class);
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final AtomicInteger THREAD_IDS = new AtomicInteger();
    /** What bilibili's web client sends as the heartbeat body. */
    private static final byte[] HEARTBEAT = DanmakuCodec.encode(
            DanmakuPacket.ofText(DanmakuPacket.PROTOVER_INT, DanmakuPacket.OP_HEARTBEAT, "[object Object]"));

    private final DanmakuTransport transport;
    private final DanmakuOptions options;
    private final Duration stallTimeout;
    private final ReconnectPolicy policy;
    private final Listeners listeners;
    private final FrameDecoder decoder;
    private final ScheduledExecutorService scheduler;
    private final boolean ownScheduler;
    private final SerialExecutor loop;
    final String threadName;
    final CompletableFuture<Void> connected = new CompletableFuture<>();
    final CompletableFuture<Void> stopped = new CompletableFuture<>();
    final AtomicBoolean stopping = new AtomicBoolean();
    private final List<CompletableFuture<?>> inFlight = new ArrayList<>();

    volatile LiveDanmaku.State state = LiveDanmaku.State.NEW;
    volatile long realRoomId;
    volatile long popularity = -1;
    // ---- touched only on `loop`
    private Attempt current;
    private DanmakuTransport.Server server;
    private int hostIndex;
    private int failures;
    private long lastReceiveNanos;

    DanmakuConnection(DanmakuOptions o, DanmakuTransport transport, Listeners listeners) {
        this.transport = transport;
        this.options = o;
        this.listeners = listeners;
        this.stallTimeout = o.stallTimeout() != null ? o.stallTimeout()
                : o.heartbeatInterval().multipliedBy(2).plusSeconds(10);
        this.policy = new ReconnectPolicy(o.initialBackoff(), o.maxBackoff(), o.maxReconnectAttempts());
        this.decoder = new FrameDecoder(o.maxInflatedBytes(), this);
        if (o.scheduler() != null) {
            this.scheduler = o.scheduler();
            this.ownScheduler = false;
            this.threadName = null;
        } else {
            String name = "bili-danmaku-" + o.roomId() + "-" + THREAD_IDS.incrementAndGet();
            this.threadName = name;
            ScheduledThreadPoolExecutor own = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            }) {
                @Override
                protected void terminated() {
                    stopped.complete(null); // the last thing our thread does: only now is disconnect() done
                }
            };
            own.setRemoveOnCancelPolicy(true);
            this.scheduler = own;
            this.ownScheduler = true;
        }
        this.loop = new SerialExecutor(scheduler);
    }

    // ------------------------------------------------------------------ start and stop (any thread)

    void start() {
        transport.watch(() -> loop.execute(() -> {
            if (current != null) {
                server = null;
                lost(current, "the Open Platform game is no longer running", null, true);
            }
        }));
        loop.execute(() -> attempt(next()));
    }

    /** The one way in to stopping: whoever flips {@link #stopping} runs {@link #stop} once. */
    void requestStop(String reason, Throwable cause) {
        if (stopping.compareAndSet(false, true)) {
            loop.execute(() -> stop(reason, cause));
        }
    }

    // ------------------------------------------------------------------ the one staleness check

    /** Whether {@code a} is the attempt in charge; false for every attempt once stopping. */
    private boolean live(Attempt a) {
        return a == current && !stopping.get();
    }

    /**
     * A future callback that runs on the loop, and only while {@code a} is {@link #live}. A step that throws would
     * otherwise leave the attempt waiting for a callback that never comes (a receive loop that stops): the attempt is
     * given up as lost, with the exception logged and its type named in the reconnect event.
     */
    private <T> CompletableFuture<Void> guard(CompletableFuture<T> f, Attempt a, BiConsumer<T, Throwable> step) {
        return f.whenCompleteAsync((v, e) -> {
            if (live(a)) {
                try {
                    step.accept(v, e);
                } catch (RuntimeException bug) {
                    LOG.warn("danmaku room {}: the connection's loop failed", options.roomId(), bug);
                    lost(a, "internal error (" + bug.getClass().getSimpleName() + ")", bug, true);
                }
            }
        }, loop).handle((v, e) -> null);
    }

    /** A timer of {@code a} that runs on the loop while {@code a} is {@link #live}; cancelled when it is abandoned. */
    private void timer(Attempt a, Runnable task, Duration delay, boolean repeat) {
        Runnable onLoop = () -> loop.execute(() -> {
            if (live(a)) {
                task.run();
            }
        });
        long nanos = delay.toNanos();
        a.timer(repeat ? scheduler.scheduleAtFixedRate(onLoop, nanos, nanos, TimeUnit.NANOSECONDS)
                : scheduler.schedule(onLoop, nanos, TimeUnit.NANOSECONDS));
    }

    private Attempt next() {
        Attempt a = new Attempt(this::closeSocket);
        current = a;
        return a;
    }

    // ------------------------------------------------------------------ connecting (on the loop)

    private void attempt(Attempt a) {
        if (!live(a)) {
            return;
        }
        state = LiveDanmaku.State.CONNECTING;
        CompletableFuture<Long> room = realRoomId != 0 ? CompletableFuture.completedFuture(realRoomId)
                : track(call(() -> transport.realRoomId(options.roomId())));
        guard(room, a, (id, err) -> {
            if (err != null) {
                // no such room, or bilibili refuses to say: retrying will not help unless it is the network
                lost(a, "room_init for room " + options.roomId() + " failed: " + message(err), unwrap(err), false);
                return;
            }
            realRoomId = id;
            CompletableFuture<DanmakuTransport.Server> srv = server != null && transport.reusable(server)
                    ? CompletableFuture.completedFuture(server) : track(call(() -> transport.danmuServer(id)));
            guard(srv, a, (s, e2) -> {
                if (e2 != null) {
                    lost(a, "getDanmuInfo for room " + id + " failed: " + message(e2), unwrap(e2), false);
                } else if (s.size() == 0) {
                    lost(a, "getDanmuInfo for room " + id + " returned no hosts", null, true);
                } else {
                    server = s;
                    open(a, s);
                }
            });
        });
    }

    private void open(Attempt a, DanmakuTransport.Server s) {
        // bilibili's URL as is: the context applies the host redirection (and decides on cookies by the real host)
        String url = s.url(hostIndex);
        DanmakuTransport.Identity id = transport.identity();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("User-Agent", id.userAgent());
        headers.put("Origin", "https://live.bilibili.com");
        CompletableFuture<Integer> created = track(call(() -> transport.wsCreate(url, headers)));
        // adopted on the opening thread: a socket that opens after its attempt was abandoned is closed at once
        CompletableFuture<Integer> adopted = created.thenApply(h -> a.adopt(h) ? h : -1);
        guard(adopted, a, (h, err) -> {
            if (err != null) {
                // before the first connection, only network trouble is worth retrying
                lost(a, "could not open " + safeUrl(url) + ": " + message(err), unwrap(err), false);
                return;
            }
            lastReceiveNanos = System.nanoTime();
            String auth = s.authBody() != null ? s.authBody() : authJson(id, s.token());
            send(a, DanmakuCodec.encode(DanmakuPacket.ofText(DanmakuPacket.PROTOVER_INT, DanmakuPacket.OP_AUTH, auth)));
            timer(a, () -> {
                if (state == LiveDanmaku.State.CONNECTING) {
                    lost(a, "no auth reply within " + options.authTimeout().toMillis() + " ms", null, true);
                }
            }, options.authTimeout(), false);
            receive(a);
        });
    }

    private String authJson(DanmakuTransport.Identity id, String token) {
        ObjectNode o = NODES.objectNode();
        o.put("uid", id.uid());
        o.put("roomid", realRoomId);
        o.put("protover", DanmakuPacket.PROTOVER_BROTLI);
        o.put("platform", "web");
        o.put("type", 2);
        o.put("buvid", id.buvid3() == null ? "" : id.buvid3());
        o.put("key", token);
        return o.toString();
    }

    private void receive(Attempt a) {
        int h = a.handle();
        guard(track(call(() -> transport.wsRecv(h))), a, (BiliWsMessage msg, Throwable err) -> {
            if (err != null) {
                lost(a, "receive failed: " + message(err), unwrap(err), true);
                return;
            }
            switch (msg.type()) {
                case BINARY, TEXT -> {
                    lastReceiveNanos = System.nanoTime();
                    decoder.frame(msg.data(), () -> live(a));
                    if (live(a)) {
                        receive(a);
                    }
                }
                case CLOSE -> lost(a, "server closed the connection (code " + msg.closeCode() + ")", null, true);
                case CLOSING, CLOSED -> lost(a, "connection closed", null, true);
                default -> receive(a); // PING, PONG, CONTINUATION: not ours to handle
            }
        });
    }

    private void send(Attempt a, byte[] data) {
        int h = a.handle();
        guard(track(call(() -> transport.wsSend(h, data))), a, (v, err) -> {
            if (err != null) {
                lost(a, "send failed: " + message(err), unwrap(err), true);
            }
        });
    }

    // ------------------------------------------------------------------ what the decoder found (on the loop)

    @Override
    public void authReply(JsonNode reply) {
        Attempt a = current;
        if (state == LiveDanmaku.State.CONNECTED) {
            return; // a repeated auth reply changes nothing (and must not start a second heartbeat)
        }
        int code = reply != null && reply.isObject() ? reply.path("code").asInt(-1) : -1;
        if (code != 0) {
            // the token may have expired or be tied to another client: fetch a new one on the next attempt
            server = null;
            lost(a, "auth rejected by the server (reply " + (reply == null ? "not JSON" : reply.toString()) + ")",
                    null, true);
            return;
        }
        state = LiveDanmaku.State.CONNECTED;
        failures = 0;
        LOG.debug("danmaku room {} authenticated", realRoomId);
        listeners.emit(new DanmakuEvent(DanmakuEvent.VERIFICATION_SUCCESSFUL, reply, realRoomId, null));
        connected.complete(null);
        send(a, HEARTBEAT);
        timer(a, () -> send(a, HEARTBEAT), options.heartbeatInterval(), true);
        timer(a, () -> {
            if (System.nanoTime() - lastReceiveNanos > stallTimeout.toNanos()) {
                lost(a, "nothing received for " + stallTimeout.toMillis() + " ms", null, true);
            }
        }, Duration.ofNanos(Math.max(1, stallTimeout.toNanos() / 4)), true);
    }

    @Override
    public void popularity(long value) {
        popularity = value;
        listeners.emit(new DanmakuEvent(DanmakuEvent.VIEW, NODES.numberNode(value), realRoomId, null));
    }

    @Override
    public void event(DanmakuEvent event) {
        listeners.emit(event);
        if (OpenPlatformViews.INTERACTION_END.equals(event.type()) && current != null && !stopping.get()) {
            server = null; // the platform stopped pushing for this game: start a new one
            lost(current, "the Open Platform ended the game", null, true);
        }
    }

    @Override
    public long roomId() {
        return realRoomId;
    }

    // ------------------------------------------------------------------ losing and stopping (on the loop)

    /** The attempt's connection is gone: try again after the backoff (rotating hosts), or give up. */
    private void lost(Attempt a, String reason, Throwable cause, boolean retryable) {
        if (!live(a)) {
            return;
        }
        a.abandon();
        failures++;
        if (policy.giveUp(failures, retryable, !connected.isDone(), cause)) {
            LOG.warn("danmaku room {}: {}; giving up", options.roomId(), reason);
            state = LiveDanmaku.State.STOPPING; // before connect()'s caller wakes up
            connected.completeExceptionally(new DanmakuConnectException(reason + (failures > 1
                    ? " (after " + failures + " attempts)" : ""), cause));
            if (stopping.compareAndSet(false, true)) {
                stop("gave up: " + reason, cause);
            }
            return;
        }
        hostIndex++;
        long delay = policy.delayMillis(failures);
        LOG.info("danmaku room {}: {}; reconnecting in {} ms (attempt {})", options.roomId(), reason, delay, failures);
        state = LiveDanmaku.State.RECONNECTING;
        ObjectNode raw = NODES.objectNode();
        raw.put("reason", reason);
        raw.put("attempt", failures);
        raw.put("delayMillis", delay);
        listeners.emit(new DanmakuEvent(DanmakuEvent.RECONNECTING, raw, realRoomId, null));
        Attempt retry = next();
        timer(retry, () -> attempt(retry), Duration.ofMillis(delay), false);
    }

    private void stop(String reason, Throwable cause) {
        state = LiveDanmaku.State.STOPPING;
        if (current != null) {
            current.abandon();
            current = null;
        }
        connected.completeExceptionally(new DanmakuConnectException("disconnect() was called before the server "
                + "accepted the auth", cause));
        track(call(transport::release)).whenComplete((v, err) -> {
            if (err != null) {
                LOG.warn("danmaku room {}: releasing the server failed: {}", options.roomId(), message(err));
            }
        });
        // let pending receives, sends and closes complete (bounded), then finish
        List<CompletableFuture<?>> pending;
        synchronized (inFlight) {
            pending = new ArrayList<>(inFlight);
        }
        CompletableFuture.allOf(pending.stream().map(f -> f.handle((v, e) -> null)).toArray(CompletableFuture[]::new))
                .completeOnTimeout(null, options.closeTimeout().toMillis(), TimeUnit.MILLISECONDS)
                .whenCompleteAsync((v, e) -> {
                    long left = pending.stream().filter(f -> !f.isDone()).count();
                    if (left > 0) {
                        LOG.warn("danmaku room {}: {} socket operation(s) still pending after the {} ms close timeout;"
                                + " stopping anyway", options.roomId(), left, options.closeTimeout().toMillis());
                    }
                    finish(reason);
                }, loop);
    }

    private void finish(String reason) {
        state = LiveDanmaku.State.STOPPED;
        ObjectNode raw = NODES.objectNode();
        raw.put("reason", reason);
        listeners.emit(new DanmakuEvent(DanmakuEvent.DISCONNECT, raw, realRoomId, null));
        loop.close();
        synchronized (inFlight) {
            inFlight.clear();
        }
        if (ownScheduler) {
            scheduler.shutdownNow(); // terminated() completes `stopped` once our thread is done
        } else {
            stopped.complete(null);
        }
    }

    private void closeSocket(int h) {
        track(call(() -> transport.wsClose(h))).whenComplete((v, err) -> {
            if (err != null) {
                LOG.debug("danmaku: wsClose({}) failed: {}", h, message(err));
            }
        });
    }

    // ------------------------------------------------------------------ helpers

    /** Runs a transport call; one that throws instead of failing its future is turned into a failed future. */
    private static <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> op) {
        try {
            CompletableFuture<T> f = op.get();
            return f != null ? f : CompletableFuture.failedFuture(new IllegalStateException("transport returned null"));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private <T> CompletableFuture<T> track(CompletableFuture<T> f) {
        synchronized (inFlight) {
            inFlight.add(f);
        }
        f.whenComplete((v, e) -> {
            synchronized (inFlight) {
                inFlight.remove(f);
            }
        });
        return f;
    }

    static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    static String message(Throwable t) {
        Throwable u = unwrap(t);
        return u.getMessage() != null ? u.getMessage() : u.getClass().getSimpleName();
    }

    private static String safeUrl(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }
}
