package io.github.bilibiliapi.api;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs events through SLF4J (logger {@code io.github.bilibiliapi.request}) at INFO, one line per event
 * does. Not installed by default: add it with {@link BiliContext.Builder#listener(BiliEventListener)}. Events are
 * masked before they reach it.
 */
public final class Slf4jEventListener implements BiliEventListener {

    private static final Logger LOG = LoggerFactory.getLogger("io.github.bilibiliapi.request");

    private final Set<BiliEventType> types;

    /** Logs every event type. */
    public Slf4jEventListener() {
        this(EnumSet.allOf(BiliEventType.class));
    }

    /** @param types the event types to log */
    public Slf4jEventListener(Set<BiliEventType> types) {
        Objects.requireNonNull(types, "types");
        this.types = types.isEmpty() ? EnumSet.noneOf(BiliEventType.class) : EnumSet.copyOf(types);
    }

    @Override
    public void onEvent(BiliEvent event) {
        if (types.contains(event.type()) && LOG.isInfoEnabled()) {
            LOG.info("[{}] {} {}", event.type(), event.description(), event.data());
        }
    }
}
