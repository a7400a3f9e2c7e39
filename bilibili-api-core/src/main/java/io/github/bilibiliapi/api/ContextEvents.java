package io.github.bilibiliapi.api;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A context's event listeners: events carry masked payloads and the context's clock; a failing listener is logged and
 * does not stop the others or the call. Callers check {@link #enabled()} before building an expensive payload.
 */
final class ContextEvents {

    private static final Logger LOG = LoggerFactory.getLogger(BiliContext.class);

    private final List<BiliEventListener> listeners;
    private final Clock clock;

    ContextEvents(List<BiliEventListener> listeners, Clock clock) {
        this.listeners = List.copyOf(listeners);
        this.clock = clock;
    }

    /** @return whether anyone listens */
    boolean enabled() {
        return !listeners.isEmpty();
    }

    /** Sends an event to every listener, its payload masked ({@link Secrets#maskMap}). */
    void emit(BiliEventType type, String description, Map<String, ?> data) {
        if (listeners.isEmpty()) {
            return;
        }
        BiliEvent event = new BiliEvent(type, description, Secrets.maskMap(data), clock.instant());
        for (BiliEventListener l : listeners) {
            try {
                l.onEvent(event);
            } catch (RuntimeException e) {
                LOG.warn("BiliEventListener {} failed on {}", l, type, e);
            }
        }
    }
}
