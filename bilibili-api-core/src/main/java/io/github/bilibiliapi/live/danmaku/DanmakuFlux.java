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
}
