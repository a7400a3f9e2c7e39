package io.github.bilibiliapi.live.danmaku;

import java.util.Set;
import reactor.core.publisher.Flux;
import reactor.core.publisher.FluxSink;

/**
 * Reactor adapter: a {@link LiveDanmaku}'s events as a {@link Flux}. Only usable with Reactor on the classpath
 * ({@code reactor-core}, which WebFlux and Reactor Netty bring); the rest of the package does not need it.
 *
 * <pre>{@code
 * DanmakuFlux.events(danmaku, "DANMU_MSG")
 *     .map(e -> e.danmu().text())
 *     .subscribe(System.out::println);
 * danmaku.connect();
 * }</pre>
 *
 * <p>The flux is hot: it emits the events that happen while subscribed, and completes after the
 * {@link DanmakuEvent#DISCONNECT} event. Cancelling removes the listener (the connection is not affected). Events are
 * buffered if the subscriber is slower than the room; bound that with {@code onBackpressureLatest()} or
 * {@code onBackpressureDrop()} for busy rooms.
 */
public final class DanmakuFlux {

    private DanmakuFlux() {
    }

    /**
     * Every event of the connection.
     *
     * @param danmaku the connection
     * @return the events, completing after {@code DISCONNECT}
     */
    public static Flux<DanmakuEvent> events(LiveDanmaku danmaku) {
        return events(danmaku, new String[0]);
    }

    /**
     * The events of the given types (a stripped {@code cmd} or a {@link DanmakuEvent} constant).
     *
     * @param danmaku the connection
     * @param types   the types wanted; none means all
     * @return the events, completing after {@code DISCONNECT} (which is emitted only if asked for)
     */
    public static Flux<DanmakuEvent> events(LiveDanmaku danmaku, String... types) {
        if (danmaku == null) {
            throw new IllegalArgumentException("danmaku must not be null");
        }
        Set<String> wanted = Set.of(types);
        return Flux.create(sink -> {
            DanmakuListener listener = e -> {
                if (wanted.isEmpty() || wanted.contains(e.type())) {
                    sink.next(e);
                }
                if (DanmakuEvent.DISCONNECT.equals(e.type())) {
                    sink.complete();
                }
            };
            danmaku.onAny(listener);
            sink.onDispose(() -> danmaku.off(listener));
            if (danmaku.state() == LiveDanmaku.State.STOPPED) {
                sink.complete();
            }
        }, FluxSink.OverflowStrategy.BUFFER);
    }

    /**
     * A room as a {@code Flux} that owns its connection: the first subscriber connects (through
     * {@link LiveRooms#open}), later subscribers share that connection, and when the last one cancels the room is
     * disconnected; subscribing again opens a new connection. The flux completes after {@code DISCONNECT} (when
     * {@code rooms} is closed) and fails with a {@link DanmakuConnectException} if the connection gives up.
     *
     * <p>With Spring MVC or WebFlux, return it (mapped to what the page needs) from a controller as
     * {@code text/event-stream}: when the browser leaves, the next write fails (at the latest at the next heartbeat
     * reply) and the room is released.
     *
     * @param rooms  where the connection is opened and tracked (closed with the application in Spring)
     * @param roomId the room id as shown in its URL
     * @return the events, every type
     * @throws IllegalArgumentException if {@code rooms} is null or {@code roomId} is not positive
     */
    public static Flux<DanmakuEvent> room(LiveRooms rooms, long roomId) {
        if (rooms == null) {
            throw new IllegalArgumentException("rooms must not be null");
        }
        if (roomId <= 0) {
            throw new IllegalArgumentException("roomId must be positive, was " + roomId);
        }
        return Flux.<DanmakuEvent>create(sink -> {
            LiveDanmaku danmaku;
            try {
                danmaku = rooms.open(roomId);
            } catch (RuntimeException e) {
                sink.error(e);
                return;
            }
            danmaku.onAny(e -> {
                sink.next(e);
                if (DanmakuEvent.DISCONNECT.equals(e.type())) {
                    sink.complete();
                }
            });
            sink.onDispose(danmaku::disconnect);
            danmaku.connect().whenComplete((v, err) -> {
                if (err != null && !rooms.isClosed() && danmaku.state() != LiveDanmaku.State.STOPPING) {
                    sink.error(err instanceof java.util.concurrent.CompletionException && err.getCause() != null
                            ? err.getCause() : err);
                }
            });
        }, FluxSink.OverflowStrategy.BUFFER).share();
    }
}
