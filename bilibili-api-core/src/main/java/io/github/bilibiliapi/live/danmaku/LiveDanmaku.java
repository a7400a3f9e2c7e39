package io.github.bilibiliapi.live.danmaku;

import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.api.NetworkException;
import io.github.bilibiliapi.client.BiliClientException;
import io.github.bilibiliapi.client.BiliWsMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * A live room's danmaku (chat) connection: resolves the room, fetches a token, opens {@code wss://host/sub} through
 * the context's WebSocket pass-through (so it runs on any {@code BiliApiClient} backend), authenticates, sends
 * heartbeats, decodes packets, and dispatches events to listeners. Lost connections are re-established with backoff,
 * rotating through the hosts; a rejected auth fetches a new token.
 *
 * <pre>{@code
 * LiveDanmaku danmaku = LiveDanmaku.builder(context, 22637261).build();
 * danmaku.on("DANMU_MSG", e -> System.out.println(e.danmu().uname() + ": " + e.danmu().text()));
 * danmaku.connect().join();      // completes on VERIFICATION_SUCCESSFUL
 * ...
 * danmaku.disconnect().join();   // no reconnects, nothing of ours runs afterwards
 * }</pre>
 *
 * <p><b>Threads.</b> All events of one connection are delivered on one logical thread, in order: by default a single
 * daemon thread owned by this object and stopped by {@link #disconnect()}; with {@link Builder#scheduler} a scheduler
 * you own (tasks are still serialized; it is not shut down). A listener that throws is logged and does not affect the
 * others or the connection.
 *
 * <p>An instance connects once: after {@link #disconnect()} create a new one.
 */
public final class LiveDanmaku implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveDanmaku.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final AtomicInteger THREAD_IDS = new AtomicInteger();
    /** What bilibili's web client sends as the heartbeat body. */
    private static final byte[] HEARTBEAT = DanmakuCodec.encode(
            DanmakuPacket.ofText(DanmakuPacket.PROTOVER_INT, DanmakuPacket.OP_HEARTBEAT, "[object Object]"));

    /** Connection states; see {@link #state()}. */
    public enum State {
        /** Created, {@link #connect()} not called yet. */
        NEW,
        /** Resolving, fetching the token, opening the socket or waiting for the auth reply. */
        CONNECTING,
        /** Authenticated: events are flowing. */
        CONNECTED,
        /** Lost the connection; waiting for the backoff before the next attempt. */
        RECONNECTING,
        /** {@link #disconnect()} is closing the connection. */
        STOPPING,
        /** Stopped for good. */
        STOPPED
    }

    private final DanmakuTransport transport;
    private final long displayRoomId;
    private final Duration heartbeatInterval;
    private final Duration authTimeout;
    private final Duration stallTimeout;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final int maxReconnectAttempts;
    private final Duration closeTimeout;
    private final DanmakuCodec codec;
    private final ScheduledExecutorService scheduler;
    private final boolean ownScheduler;
    private final SerialExecutor loop;
    private final String threadName;

    private final Map<String, CopyOnWriteArrayList<DanmakuListener>> listeners = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<DanmakuListener> anyListeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> connected = new CompletableFuture<>();
    private final CompletableFuture<Void> stopped = new CompletableFuture<>();

    // ---- state below is touched only on `loop`
    private volatile State state = State.NEW;
    private volatile long realRoomId;
    private volatile long popularity = -1;
    private DanmakuTransport.Server server;
    private int hostIndex;
    private int failures;
    private int generation;
    private int handle = -1;
    private long lastReceiveNanos;
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    private final List<CompletableFuture<?>> inFlight = new ArrayList<>();
    private boolean stopRequested;

    private LiveDanmaku(Builder b, DanmakuTransport transport) {
        this.transport = transport;
        this.displayRoomId = b.roomId;
        this.heartbeatInterval = b.heartbeatInterval;
        this.authTimeout = b.authTimeout;
        this.stallTimeout = b.stallTimeout != null ? b.stallTimeout : heartbeatInterval.multipliedBy(2).plusSeconds(10);
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.maxReconnectAttempts = b.maxReconnectAttempts;
        this.closeTimeout = b.closeTimeout;
        this.codec = new DanmakuCodec(b.maxInflatedBytes);
        if (b.scheduler != null) {
            this.scheduler = b.scheduler;
            this.ownScheduler = false;
            this.threadName = null;
        } else {
            String name = "bili-danmaku-" + displayRoomId + "-" + THREAD_IDS.incrementAndGet();
            this.threadName = name;
            ScheduledThreadPoolExecutor own = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            }) {
                @Override
                protected void terminated() {
                    // the last thing our thread does: only now is disconnect() done
                    stopped.complete(null);
                }
            };
            own.setRemoveOnCancelPolicy(true);
            this.scheduler = own;
            this.ownScheduler = true;
        }
        this.loop = new SerialExecutor(scheduler);
    }

    /**
     * Starts a builder for a room, with the given context's client, credential, settings and events: REST calls go
     * through {@code context.execute}, the WebSocket through {@code context.wsCreate/wsSend/wsRecv/wsClose}.
     *
     * @param context the context (any backend)
     * @param roomId  the room id as shown in the room's URL; a short id is resolved with {@code room_init}
     * @return the builder
     * @throws IllegalArgumentException if {@code roomId} is not positive
     * @throws NullPointerException     if {@code context} is null
     */
    public static Builder builder(BiliContext context, long roomId) {
        return new Builder(new ContextTransport(Objects.requireNonNull(context, "context")), roomId);
    }

    /** A builder over any transport, for tests. */
    static Builder builder(DanmakuTransport transport, long roomId) {
        return new Builder(transport, roomId);
    }

    // ------------------------------------------------------------------ public API

    /**
     * Connects: resolves the room, fetches the token, opens the socket and authenticates.
     *
     * @return completes on the first {@link DanmakuEvent#VERIFICATION_SUCCESSFUL}; fails if the room cannot be
     *         resolved, reconnect attempts run out, or {@link #disconnect()} is called first
     * @throws IllegalStateException if called after {@link #disconnect()}
     */
    public CompletableFuture<Void> connect() {
        synchronized (this) {
            if (state == State.STOPPING || state == State.STOPPED || stopRequestedVolatile) {
                throw new IllegalStateException("this LiveDanmaku was disconnected; create a new one");
            }
            if (state != State.NEW) {
                return connected.copy();
            }
            state = State.CONNECTING;
        }
        loop.execute(this::attempt);
        return connected.copy();
    }

    /**
     * Stops: no further reconnects, the socket is closed, pending receives complete, timers are cancelled, then a
     * {@link DanmakuEvent#DISCONNECT} event is delivered and (with the default scheduler) the thread ends.
     *
     * @return completes when all of that is done; afterwards no listener is called and no task of ours runs
     */
    public CompletableFuture<Void> disconnect() {
        synchronized (this) {
            stopRequestedVolatile = true;
            if (state == State.NEW) {
                state = State.STOPPING;
            }
        }
        loop.execute(() -> stop("disconnect() called", null));
        return stopped.copy();
    }

    private volatile boolean stopRequestedVolatile;

    /** Same as {@code disconnect().join()}. */
    @Override
    public void close() {
        disconnect().join();
    }

    /**
     * Adds a listener for one event type: a {@code cmd} without suffix such as {@code DANMU_MSG}, or one of the
     * constants in {@link DanmakuEvent}. May be called at any time from any thread.
     *
     * @param type     the event type
     * @param listener the listener
     * @return this, for chaining
     * @throws IllegalArgumentException if {@code type} is blank, contains {@code ':'}, or {@code listener} is null
     */
    public LiveDanmaku on(String type, DanmakuListener listener) {
        if (type == null || type.isBlank() || type.indexOf(':') >= 0) {
            throw new IllegalArgumentException("event type must be a cmd without ':suffix' or a DanmakuEvent "
                    + "constant, was " + (type == null ? "null" : "'" + type + "'"));
        }
        Objects.requireNonNull(listener, "listener");
        listeners.computeIfAbsent(type, k -> new CopyOnWriteArrayList<>()).add(listener);
        return this;
    }

    /**
     * Adds a listener for every event.
     *
     * @param listener the listener
     * @return this, for chaining
     */
    public LiveDanmaku onAny(DanmakuListener listener) {
        anyListeners.add(Objects.requireNonNull(listener, "listener"));
        return this;
    }

    /**
     * Removes a listener added with {@link #on} or {@link #onAny}.
     *
     * @param listener the listener
     * @return whether it was registered
     */
    public boolean off(DanmakuListener listener) {
        boolean removed = anyListeners.remove(listener);
        for (CopyOnWriteArrayList<DanmakuListener> list : listeners.values()) {
            removed |= list.remove(listener);
        }
        return removed;
    }

    /**
     * The room id this was built with (the one in the room's URL).
     *
     * @return the display room id
     */
    public long displayRoomId() {
        return displayRoomId;
    }

    /**
     * The real room id once {@code room_init} answered.
     *
     * @return the real room id, or 0 before
     */
    public long realRoomId() {
        return realRoomId;
    }

    /**
     * The latest popularity from a heartbeat reply.
     *
     * @return the popularity, or -1 before the first reply
     */
    public long popularity() {
        return popularity;
    }

    /**
     * The current state.
     *
     * @return the state
     */
    public State state() {
        return state;
    }

    /** The name of our own thread, or {@code null} with a user scheduler (for tests). */
    String threadName() {
        return threadName;
    }

    @Override
    public String toString() {
        return "LiveDanmaku[room=" + displayRoomId + (realRoomId != 0 ? "/" + realRoomId : "") + ", state=" + state + "]";
    }

    // ------------------------------------------------------------------ connection logic (on `loop`)

    private void attempt() {
        if (stopRequested) {
            return;
        }
        int gen = ++generation;
        state = State.CONNECTING;
        CompletableFuture<Long> room = realRoomId != 0
                ? CompletableFuture.completedFuture(realRoomId)
                : track(call(() -> transport.realRoomId(displayRoomId)));
        room.whenCompleteAsync((id, err) -> {
            if (gen != generation || stopRequested) {
                return;
            }
            if (err != null) {
                // no such room, or bilibili refuses to say: retrying will not help unless it is the network
                lost(gen, "room_init for room " + displayRoomId + " failed: " + message(err), unwrap(err), false);
                return;
            }
            realRoomId = id;
            // a token outlives reconnects, but not a change of login (it is tied to the account that fetched it)
            CompletableFuture<DanmakuTransport.Server> srv = server != null && transport.reusable(server)
                    ? CompletableFuture.completedFuture(server)
                    : track(call(() -> transport.danmuServer(id)));
            srv.whenCompleteAsync((s, e2) -> {
                if (gen != generation || stopRequested) {
                    return;
                }
                if (e2 != null) {
                    lost(gen, "getDanmuInfo for room " + id + " failed: " + message(e2), unwrap(e2), false);
                    return;
                }
                if (s.hosts().isEmpty()) {
                    lost(gen, "getDanmuInfo for room " + id + " returned no hosts", null, true);
                    return;
                }
                server = s;
                open(gen, s);
            }, loop);
        }, loop);
    }

    private void open(int gen, DanmakuTransport.Server s) {
        DanmakuTransport.Host host = s.hosts().get(Math.floorMod(hostIndex, s.hosts().size()));
        // bilibili's URL as is: the context applies the host redirection (and decides on cookies by the real host)
        String url = "wss://" + host.host() + ":" + host.wssPort() + "/sub";
        DanmakuTransport.Identity id = transport.identity();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("User-Agent", id.userAgent());
        headers.put("Origin", "https://live.bilibili.com");
        CompletableFuture<Integer> created = track(call(() -> transport.wsCreate(url, headers)));
        // a socket that opens after its attempt was abandoned must still be closed, exactly once, even if our loop
        // is already closed: whichever callback sees it stale first claims it
        AtomicBoolean claimed = new AtomicBoolean();
        created.thenAccept(h -> {
            if (isStale(gen) && claimed.compareAndSet(false, true)) {
                closeQuietly(h, "a socket opened after its attempt was abandoned");
            }
        });
        created.whenCompleteAsync((h, err) -> {
            if (gen != generation || stopRequested) {
                if (h != null && claimed.compareAndSet(false, true)) {
                    closeQuietly(h, "a socket opened after its attempt was abandoned");
                }
                return;
            }
            if (err == null && !claimed.compareAndSet(false, true)) {
                return; // closed already by the stale check (cannot normally happen while gen is current)
            }
            if (err != null) {
                // before the first connection, only network trouble is worth retrying (not, say, a client that
                // cannot do WebSocket at all)
                lost(gen, "could not open " + safeUrl(url) + ": " + message(err), unwrap(err), false);
                return;
            }
            handle = h;
            lastReceiveNanos = System.nanoTime();
            String auth = authJson(id, s.token());
            send(gen, h, DanmakuCodec.encode(DanmakuPacket.ofText(DanmakuPacket.PROTOVER_INT, DanmakuPacket.OP_AUTH, auth)));
            timers.add(schedule(() -> {
                if (gen == generation && state == State.CONNECTING && !stopRequested) {
                    lost(gen, "no auth reply within " + authTimeout.toMillis() + " ms", null, true);
                }
            }, authTimeout));
            receive(gen, h);
        }, loop);
    }

    private volatile int staleBelow; // generations below this are abandoned; readable off-loop

    private boolean isStale(int gen) {
        return gen < staleBelow || stopRequestedVolatile;
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

    private void receive(int gen, int h) {
        CompletableFuture<BiliWsMessage> next = track(call(() -> transport.wsRecv(h)));
        next.whenCompleteAsync((msg, err) -> {
            if (gen != generation || stopRequested) {
                return;
            }
            if (err != null) {
                lost(gen, "receive failed: " + message(err), unwrap(err), true);
                return;
            }
            switch (msg.type()) {
                case BINARY, TEXT -> {
                    lastReceiveNanos = System.nanoTime();
                    onFrame(gen, msg.data());
                    if (gen == generation && !stopRequested) {
                        receive(gen, h);
                    }
                }
                case CLOSE -> lost(gen, "server closed the connection (code " + msg.closeCode() + ")", null, true);
                case CLOSING, CLOSED -> lost(gen, "connection closed", null, true);
                default -> receive(gen, h); // PING, PONG, CONTINUATION: not ours to handle
            }
        }, loop);
    }

    private void onFrame(int gen, byte[] frame) {
        try {
            codec.decode(frame, p -> {
                if (gen == generation && !stopRequested) {
                    onPacket(gen, p);
                }
            });
        } catch (DanmakuProtocolException e) {
            // skip the rest of this frame; the reader goes on with the next one
            error(e);
        }
    }

    private void onPacket(int gen, DanmakuPacket p) {
        switch (p.op()) {
            case DanmakuPacket.OP_AUTH_REPLY -> onAuthReply(gen, p);
            case DanmakuPacket.OP_HEARTBEAT_REPLY -> {
                popularity = p.popularity();
                emit(new DanmakuEvent(DanmakuEvent.VIEW, NODES.numberNode(popularity), realRoomId, null));
            }
            case DanmakuPacket.OP_MESSAGE -> onMessage(p);
            default -> error(new DanmakuProtocolException(DanmakuProtocolException.Kind.UNKNOWN_OP,
                    "ignored a packet with unknown op " + p.op() + " (protover " + p.protover() + ", "
                            + p.bodyLength() + "-byte body)"));
        }
    }

    private void onAuthReply(int gen, DanmakuPacket p) {
        JsonNode reply;
        try {
            reply = JSON.readTree(p.bodyArray());
        } catch (JacksonException e) {
            reply = null;
        }
        if (state == State.CONNECTED) {
            return; // a repeated auth reply changes nothing (and must not start a second heartbeat)
        }
        int code = reply != null && reply.isObject() ? reply.path("code").asInt(-1) : -1;
        if (code != 0) {
            // the token may have expired or be tied to another client: fetch a new one on the next attempt
            server = null;
            lost(gen, "auth rejected by the server (reply " + (reply == null ? "not JSON" : reply.toString()) + ")",
                    null, true);
            return;
        }
        state = State.CONNECTED;
        failures = 0;
        LOG.debug("danmaku room {} authenticated", realRoomId);
        emit(new DanmakuEvent(DanmakuEvent.VERIFICATION_SUCCESSFUL, reply, realRoomId, null));
        connected.complete(null);
        int h = handle;
        heartbeat(gen, h);
        timers.add(scheduler.scheduleAtFixedRate(() -> loop.execute(() -> {
            if (gen == generation && !stopRequested) {
                heartbeat(gen, h);
            }
        }), heartbeatInterval.toNanos(), heartbeatInterval.toNanos(), TimeUnit.NANOSECONDS));
        long check = Math.max(1, stallTimeout.toNanos() / 4);
        timers.add(scheduler.scheduleAtFixedRate(() -> loop.execute(() -> {
            if (gen == generation && !stopRequested && System.nanoTime() - lastReceiveNanos > stallTimeout.toNanos()) {
                lost(gen, "nothing received for " + stallTimeout.toMillis() + " ms", null, true);
            }
        }), check, check, TimeUnit.NANOSECONDS));
    }

    private void heartbeat(int gen, int h) {
        send(gen, h, HEARTBEAT);
    }

    private void send(int gen, int h, byte[] data) {
        track(call(() -> transport.wsSend(h, data))).whenCompleteAsync((v, err) -> {
            if (err != null && gen == generation && !stopRequested) {
                lost(gen, "send failed: " + message(err), unwrap(err), true);
            }
        }, loop);
    }

    private void onMessage(DanmakuPacket p) {
        JsonNode msg;
        try {
            msg = JSON.readTree(p.bodyArray());
        } catch (JacksonException e) {
            error(new DanmakuProtocolException(DanmakuProtocolException.Kind.MALFORMED,
                    "message body is not JSON (" + p.bodyLength() + " bytes): " + e.getOriginalMessage(), e));
            return;
        }
        JsonNode cmd = msg == null ? null : msg.get("cmd");
        if (cmd == null || !cmd.isString() || cmd.stringValue().isBlank()) {
            error(new DanmakuProtocolException(DanmakuProtocolException.Kind.MALFORMED,
                    "message has no string cmd (" + p.bodyLength() + " bytes)"));
            return;
        }
        String type = DanmakuEvent.typeOf(cmd.stringValue());
        if (DanmakuEvent.LOG_IN_NOTICE.equals(type) && !loginNoticeLogged) {
            loginNoticeLogged = true;
            LOG.warn("danmaku room {}: bilibili says this connection is not logged in (LOG_IN_NOTICE \"{}\"); other "
                    + "viewers' names are masked and their uids are 0 from now on. Connect with a Credential that has "
                    + "SESSDATA and DedeUserID (in Spring: bilibili.credential.*) to see them.", displayRoomId,
                    msg.path("data").path("notice_msg").asString(""));
        }
        emit(new DanmakuEvent(type, msg, realRoomId, null));
    }

    private boolean loginNoticeLogged; // on `loop` only: one WARN per connection object, not per reconnect

    /**
     * The current connection is gone. Retry with backoff (rotating hosts), or give up.
     *
     * @param retryable false for errors that a retry cannot fix before the first success (room_init refusing)
     */
    private void lost(int gen, String reason, Throwable cause, boolean retryable) {
        if (gen != generation || stopRequested) {
            return;
        }
        abandonConnection();
        boolean neverConnected = !connected.isDone();
        failures++;
        boolean fatal = (!retryable && neverConnected && cause != null && !isTransient(cause))
                || (maxReconnectAttempts >= 0 && failures > maxReconnectAttempts);
        if (fatal) {
            LOG.warn("danmaku room {}: {}; giving up", displayRoomId, reason);
            connected.completeExceptionally(new DanmakuConnectException(reason + (failures > 1
                    ? " (after " + failures + " attempts)" : ""), cause));
            stop("gave up: " + reason, cause);
            return;
        }
        hostIndex++;
        long delay = backoffMillis(failures);
        LOG.info("danmaku room {}: {}; reconnecting in {} ms (attempt {})", displayRoomId, reason, delay, failures);
        state = State.RECONNECTING;
        ObjectNode raw = NODES.objectNode();
        raw.put("reason", reason);
        raw.put("attempt", failures);
        raw.put("delayMillis", delay);
        emit(new DanmakuEvent(DanmakuEvent.RECONNECTING, raw, realRoomId, null));
        timers.add(schedule(this::attempt, Duration.ofMillis(delay)));
    }

    private long backoffMillis(int failure) {
        long base = initialBackoff.toMillis();
        long max = maxBackoff.toMillis();
        long d = failure >= 31 ? max : Math.min(max, base << Math.min(30, failure - 1));
        // up to 20 % jitter so that many clients do not reconnect in lockstep
        return d + (long) (d * 0.2 * Math.random());
    }

    /** Invalidates the current attempt: cancels its timers and closes its socket. */
    private void abandonConnection() {
        generation++;
        staleBelow = generation;
        for (ScheduledFuture<?> t : timers) {
            t.cancel(false);
        }
        timers.clear();
        if (handle >= 0) {
            int h = handle;
            handle = -1;
            closeQuietly(h, "abandoning a connection");
        }
    }

    private void closeQuietly(int h, String why) {
        CompletableFuture<Void> f;
        try {
            f = transport.wsClose(h);
        } catch (RuntimeException e) {
            LOG.debug("danmaku: wsClose({}) while {} failed at once: {}", h, why, e.toString());
            return;
        }
        track(f).whenComplete((v, err) -> {
            if (err != null) {
                LOG.debug("danmaku: wsClose({}) while {} failed: {}", h, why, message(err));
            }
        });
    }

    private void stop(String reason, Throwable cause) {
        if (stopRequested) {
            return; // already stopping
        }
        stopRequested = true;
        stopRequestedVolatile = true;
        state = State.STOPPING;
        abandonConnection();
        connected.completeExceptionally(new DanmakuConnectException("disconnect() was called before the server "
                + "accepted the auth", null));
        // let pending receives, sends and closes complete (bounded), then finish
        List<CompletableFuture<?>> pending;
        synchronized (inFlight) {
            pending = new ArrayList<>(inFlight);
        }
        CompletableFuture<Void> all = CompletableFuture.allOf(
                pending.stream().map(f -> f.handle((v, e) -> null)).toArray(CompletableFuture[]::new));
        all.completeOnTimeout(null, closeTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .whenCompleteAsync((v, e) -> {
                    long left = pending.stream().filter(f -> !f.isDone()).count();
                    if (left > 0) {
                        LOG.warn("danmaku room {}: {} socket operation(s) still pending after the {} ms close timeout;"
                                + " stopping anyway", displayRoomId, left, closeTimeout.toMillis());
                    }
                    finish(reason);
                }, loop);
    }

    private void finish(String reason) {
        state = State.STOPPED;
        ObjectNode raw = NODES.objectNode();
        raw.put("reason", reason);
        emit(new DanmakuEvent(DanmakuEvent.DISCONNECT, raw, realRoomId, null));
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

    // ------------------------------------------------------------------ events

    private void error(DanmakuProtocolException e) {
        LOG.debug("danmaku room {}: {}", realRoomId, e.getMessage());
        ObjectNode raw = NODES.objectNode();
        raw.put("message", e.getMessage());
        emit(new DanmakuEvent(DanmakuEvent.ERROR, raw, realRoomId, e));
    }

    private void emit(DanmakuEvent event) {
        List<DanmakuListener> typed = listeners.get(event.type());
        if (typed != null) {
            for (DanmakuListener l : typed) {
                call(l, event);
            }
        }
        for (DanmakuListener l : anyListeners) {
            call(l, event);
        }
    }

    private void call(DanmakuListener listener, DanmakuEvent event) {
        try {
            listener.onEvent(event);
        } catch (Exception | LinkageError | AssertionError e) {
            // one bad listener must not break the others or the connection; say so loudly
            LOG.warn("danmaku listener {} threw on a {} event", listener, event.type(), e);
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Runs a transport call; one that throws instead of failing its future is turned into a failed future. */
    private static <T> CompletableFuture<T> call(java.util.function.Supplier<CompletableFuture<T>> op) {
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

    private ScheduledFuture<?> schedule(Runnable task, Duration delay) {
        return scheduler.schedule(() -> loop.execute(task), delay.toNanos(), TimeUnit.NANOSECONDS);
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof java.util.concurrent.ExecutionException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String message(Throwable t) {
        Throwable u = unwrap(t);
        return u.getMessage() != null ? u.getMessage() : u.getClass().getSimpleName();
    }

    /** Network trouble that a later attempt may not meet: I/O failures, timeouts, 5xx gateways. */
    private static boolean isTransient(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof java.io.IOException || c instanceof BiliClientException
                    || c instanceof java.util.concurrent.TimeoutException
                    || (c instanceof NetworkException n && n.status() >= 500)) {
                return true;
            }
        }
        return false;
    }

    private static String safeUrl(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }

    // ------------------------------------------------------------------ builder

    /** Options of a {@link LiveDanmaku}; every option has a default. */
    public static final class Builder {
        private final DanmakuTransport transport;
        private final long roomId;
        private Duration heartbeatInterval = Duration.ofSeconds(30);
        private Duration authTimeout = Duration.ofSeconds(10);
        private Duration stallTimeout;
        private Duration initialBackoff = Duration.ofSeconds(1);
        private Duration maxBackoff = Duration.ofSeconds(30);
        private int maxReconnectAttempts = -1;
        private Duration closeTimeout = Duration.ofSeconds(5);
        private int maxInflatedBytes = DanmakuCodec.DEFAULT_MAX_INFLATED_BYTES;
        private ScheduledExecutorService scheduler;

        Builder(DanmakuTransport transport, long roomId) {
            this.transport = Objects.requireNonNull(transport, "transport");
            if (roomId <= 0) {
                throw new IllegalArgumentException("roomId must be positive, was " + roomId);
            }
            this.roomId = roomId;
        }

        /**
         * How often to send a heartbeat (bilibili's web client: 30 s).
         *
         * @param interval a positive duration
         * @return this
         */
        public Builder heartbeatInterval(Duration interval) {
            this.heartbeatInterval = positive(interval, "heartbeatInterval");
            return this;
        }

        /**
         * How long to wait for the auth reply before trying again (default 10 s).
         *
         * @param timeout a positive duration
         * @return this
         */
        public Builder authTimeout(Duration timeout) {
            this.authTimeout = positive(timeout, "authTimeout");
            return this;
        }

        /**
         * After how long without any data the connection counts as stalled and is replaced (default two heartbeat
         * intervals plus 10 s).
         *
         * @param timeout a positive duration
         * @return this
         */
        public Builder stallTimeout(Duration timeout) {
            this.stallTimeout = positive(timeout, "stallTimeout");
            return this;
        }

        /**
         * Reconnect backoff: the first retry waits {@code initial}, each further one twice as long, at most
         * {@code max}, plus up to 20 % jitter (defaults 1 s and 30 s).
         *
         * @param initial first delay, positive
         * @param max     largest delay, at least {@code initial}
         * @return this
         */
        public Builder reconnectBackoff(Duration initial, Duration max) {
            positive(initial, "initial backoff");
            positive(max, "max backoff");
            if (max.compareTo(initial) < 0) {
                throw new IllegalArgumentException("max backoff " + max + " is shorter than initial backoff " + initial);
            }
            this.initialBackoff = initial;
            this.maxBackoff = max;
            return this;
        }

        /**
         * How many consecutive failed attempts to tolerate before giving up; {@code -1} (the default) never gives up.
         *
         * @param attempts {@code -1} or a non-negative count
         * @return this
         */
        public Builder maxReconnectAttempts(int attempts) {
            if (attempts < -1) {
                throw new IllegalArgumentException("maxReconnectAttempts must be -1 (unlimited) or >= 0, was " + attempts);
            }
            this.maxReconnectAttempts = attempts;
            return this;
        }

        /**
         * How long {@link #disconnect()} waits for the socket to close and pending receives to complete (default 5 s).
         *
         * @param timeout a positive duration
         * @return this
         */
        public Builder closeTimeout(Duration timeout) {
            this.closeTimeout = positive(timeout, "closeTimeout");
            return this;
        }

        /**
         * Cap on the bytes one frame may inflate to (default 16 MiB); a larger frame is skipped with an
         * {@link DanmakuEvent#ERROR} event.
         *
         * @param bytes a positive size
         * @return this
         */
        public Builder maxInflatedBytes(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxInflatedBytes must be positive, was " + bytes);
            }
            this.maxInflatedBytes = bytes;
            return this;
        }

        /**
         * Runs timers and event delivery on your scheduler instead of a thread of our own. Tasks of this connection
         * are still serialized; the scheduler is not shut down by {@link #disconnect()}.
         *
         * @param scheduler the scheduler
         * @return this
         */
        public Builder scheduler(ScheduledExecutorService scheduler) {
            this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
            return this;
        }

        /**
         * Builds the connection (not connected yet).
         *
         * @return the connection
         */
        public LiveDanmaku build() {
            return new LiveDanmaku(this, transport);
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be a positive duration, was " + d);
            }
            return d;
        }
    }
}
