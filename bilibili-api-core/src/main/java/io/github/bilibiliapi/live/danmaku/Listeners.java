package io.github.bilibiliapi.live.danmaku;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection's listeners by event type, plus listeners for every event. Registration is thread-safe; delivery
 * happens on the connection's loop. A listener that throws is logged and does not affect the others.
 */
final class Listeners {

    private static final Logger LOG = LoggerFactory.getLogger(LiveDanmaku.class);

    private final Map<String, CopyOnWriteArrayList<DanmakuListener>> byType = new ConcurrentHashMap<>();
    private final CopyOnWriteArrayList<DanmakuListener> any = new CopyOnWriteArrayList<>();

    void on(String type, DanmakuListener listener) {
        if (type == null || type.isBlank() || type.indexOf(':') >= 0) {
            throw new IllegalArgumentException("event type must be a cmd without ':suffix' or a DanmakuEvent "
                    + "constant, was " + (type == null ? "null" : "'" + type + "'"));
        }
        Objects.requireNonNull(listener, "listener");
        byType.computeIfAbsent(type, k -> new CopyOnWriteArrayList<>()).add(listener);
    }

    void onAny(DanmakuListener listener) {
        any.add(Objects.requireNonNull(listener, "listener"));
    }

    boolean off(DanmakuListener listener) {
        boolean removed = any.remove(listener);
        for (CopyOnWriteArrayList<DanmakuListener> list : byType.values()) {
            removed |= list.remove(listener);
        }
        return removed;
    }

    void emit(DanmakuEvent event) {
        List<DanmakuListener> typed = byType.get(event.type());
        if (typed != null) {
            for (DanmakuListener l : typed) {
                call(l, event);
            }
        }
        for (DanmakuListener l : any) {
            call(l, event);
        }
    }

    private static void call(DanmakuListener listener, DanmakuEvent event) {
        try {
            listener.onEvent(event);
        } catch (Exception | LinkageError | AssertionError e) {
            // one bad listener must not break the others or the connection; say so loudly
            LOG.warn("danmaku listener {} threw on a {} event", listener, event.type(), e);
        }
    }
}
