package io.github.bilibiliapi.live.danmaku;

import io.github.bilibiliapi.api.BiliContext;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

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

    private final long displayRoomId;
    private final Listeners listeners = new Listeners();
    private final DanmakuConnection connection;

    private LiveDanmaku(Builder b) {
        this.displayRoomId = b.roomId;
        this.connection = new DanmakuConnection(new DanmakuOptions(b.roomId, b.heartbeatInterval, b.authTimeout,
                b.stallTimeout, b.initialBackoff, b.maxBackoff, b.maxReconnectAttempts, b.closeTimeout,
                b.maxInflatedBytes, b.scheduler), b.transport, listeners);
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

    /**
     * A builder for a room in Open Platform mode; see {@link io.github.bilibiliapi.live.open.OpenLiveClient#danmaku}.
     *
     * @param client       the app's Open Platform client
     * @param identityCode the anchor's identity code
     * @return the builder
     * @throws IllegalArgumentException if {@code identityCode} is blank
     */
    public static Builder openPlatform(io.github.bilibiliapi.live.open.OpenLiveClient client, String identityCode) {
        Objects.requireNonNull(client, "client");
        if (identityCode == null || identityCode.isBlank()) {
            throw new IllegalArgumentException("identityCode must not be blank");
        }
        return new Builder(new OpenTransport(client, identityCode.trim()), 0, true);
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
            if (connection.stopping.get()) {
                throw new IllegalStateException("this LiveDanmaku was disconnected; create a new one");
            }
            if (connection.state != State.NEW) {
                return connection.connected.copy();
            }
            connection.state = State.CONNECTING;
        }
        connection.start();
        return connection.connected.copy();
    }

    /**
     * Stops: no further reconnects, the socket is closed, pending receives complete, timers are cancelled, then a
     * {@link DanmakuEvent#DISCONNECT} event is delivered and (with the default scheduler) the thread ends.
     *
     * @return completes when all of that is done; afterwards no listener is called and no task of ours runs
     */
    public CompletableFuture<Void> disconnect() {
        synchronized (this) {
            if (connection.state == State.NEW) {
                connection.state = State.STOPPING;
            }
            connection.requestStop("disconnect() called", null);
        }
        return connection.stopped.copy();
    }

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
        listeners.on(type, listener);
        return this;
    }

    /**
     * Adds a listener for every event.
     *
     * @param listener the listener
     * @return this, for chaining
     */
    public LiveDanmaku onAny(DanmakuListener listener) {
        listeners.onAny(listener);
        return this;
    }

    /**
     * Removes a listener added with {@link #on} or {@link #onAny}.
     *
     * @param listener the listener
     * @return whether it was registered
     */
    public boolean off(DanmakuListener listener) {
        return listeners.off(listener);
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
        return connection.realRoomId;
    }

    /**
     * The latest popularity from a heartbeat reply.
     *
     * @return the popularity, or -1 before the first reply
     */
    public long popularity() {
        return connection.popularity;
    }

    /**
     * The current state.
     *
     * @return the state
     */
    public State state() {
        return connection.state;
    }

    /** The name of our own thread, or {@code null} with a user scheduler (for tests). */
    String threadName() {
        return connection.threadName;
    }

    @Override
    public String toString() {
        long real = connection.realRoomId;
        return "LiveDanmaku[room=" + displayRoomId + (real != 0 ? "/" + real : "") + ", state=" + connection.state + "]";
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
            this(transport, roomId, false);
        }

        /** {@code roomUnknown}: the transport names the room (Open Platform), {@code roomId} is 0. */
        Builder(DanmakuTransport transport, long roomId, boolean roomUnknown) {
            this.transport = Objects.requireNonNull(transport, "transport");
            if (roomId <= 0 && !roomUnknown) {
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
            return new LiveDanmaku(this);
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be a positive duration, was " + d);
            }
            return d;
        }
    }
}
