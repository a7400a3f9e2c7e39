package io.github.bilibiliapi.live.danmaku;

import io.github.bilibiliapi.api.BiliContext;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The live rooms an application has open, closed together: every {@link LiveDanmaku} made with {@link #open} is
 * tracked until it disconnects, and {@link #close()} disconnects all that are left (no reconnect attempts, no
 * events after their {@code DISCONNECT}). The Spring Boot starter provides one as a bean and closes it when the
 * application context closes, before the web server's graceful shutdown waits for open streams. Needs no Reactor;
 * {@link DanmakuFlux#room(LiveRooms, long)} turns a room into a {@code Flux}.
 */
public final class LiveRooms implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LiveRooms.class);

    private final BiliContext context;
    private final Consumer<LiveDanmaku.Builder> customizer;
    private final Duration closeTimeout;
    private final Set<LiveDanmaku> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    /**
     * Rooms with the default connection options.
     *
     * @param context the context connections run in
     */
    public LiveRooms(BiliContext context) {
        this(context, b -> { }, Duration.ofSeconds(10));
    }

    /**
     * @param context      the context connections run in
     * @param customizer   applied to every room's builder (heartbeat, backoff, scheduler...)
     * @param closeTimeout how long {@link #close()} waits for all rooms to stop
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code closeTimeout} is not positive
     */
    public LiveRooms(BiliContext context, Consumer<LiveDanmaku.Builder> customizer, Duration closeTimeout) {
        this.context = Objects.requireNonNull(context, "context");
        this.customizer = Objects.requireNonNull(customizer, "customizer");
        Objects.requireNonNull(closeTimeout, "closeTimeout");
        if (closeTimeout.isNegative() || closeTimeout.isZero()) {
            throw new IllegalArgumentException("closeTimeout must be positive, was " + closeTimeout);
        }
        this.closeTimeout = closeTimeout;
    }

    /**
     * A tracked connection to a room, not connected yet (call {@link LiveDanmaku#connect()}).
     *
     * @param roomId the room id as shown in its URL
     * @return the connection
     * @throws IllegalStateException    after {@link #close()}
     * @throws IllegalArgumentException if {@code roomId} is not positive
     */
    public LiveDanmaku open(long roomId) {
        LiveDanmaku.Builder b = LiveDanmaku.builder(context, roomId);
        customizer.accept(b);
        LiveDanmaku d = b.build();
        d.on(DanmakuEvent.DISCONNECT, e -> open.remove(d));
        open.add(d);
        if (closed) {
            // closed while we were adding: do not leave it behind
            open.remove(d);
            d.disconnect();
            throw new IllegalStateException("these live rooms are closed");
        }
        return d;
    }

    /**
     * Connections opened here that have not stopped yet.
     *
     * @return how many
     */
    public int openRooms() {
        return open.size();
    }

    /**
     * Whether {@link #close()} was called.
     *
     * @return true once closed
     */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Disconnects every open room and waits (at most the close timeout) until they have stopped; later
     * {@link #open} calls fail. Idempotent.
     */
    @Override
    public void close() {
        closed = true;
        List<LiveDanmaku> rooms = List.copyOf(open);
        if (rooms.isEmpty()) {
            return;
        }
        CompletableFuture<?>[] stops = rooms.stream().map(LiveDanmaku::disconnect).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(stops).get(closeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.warn("{} live room(s) still stopping after {} ms", open.size(), closeTimeout.toMillis());
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.warn("a live room failed to stop cleanly: {}", e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "LiveRooms[open=" + open.size() + (closed ? ", closed" : "") + "]";
    }
}
