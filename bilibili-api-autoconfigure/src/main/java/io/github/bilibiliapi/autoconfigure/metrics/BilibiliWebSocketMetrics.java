package io.github.bilibiliapi.autoconfigure.metrics;

import io.github.bilibiliapi.api.BiliEvent;
import io.github.bilibiliapi.api.BiliEventListener;
import io.github.bilibiliapi.api.BiliEventType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Feeds Micrometer from the WebSocket events of a {@link io.github.bilibiliapi.api.BiliContext}:
 * <ul>
 * <li>{@code bilibili.client.websocket.connections} (gauge): WebSockets opened through the context and not yet
 *     closed with {@code wsClose};</li>
 * <li>{@code bilibili.client.websocket.messages} (counter), tags {@code direction} ({@code sent}, {@code received})
 *     and {@code type} (the frame type in lower case: {@code binary}, {@code text}, {@code close}, {@code closing},
 *     {@code closed}, {@code ping}, {@code pong}; sends are always {@code binary}).</li>
 * </ul>
 */
public final class BilibiliWebSocketMetrics implements BiliEventListener {

    /** The gauge of open connections. */
    public static final String CONNECTIONS = "bilibili.client.websocket.connections";

    /** The counter of messages. */
    public static final String MESSAGES = "bilibili.client.websocket.messages";

    private final MeterRegistry registry;

    private final AtomicInteger open = new AtomicInteger();

    private final Map<String, Counter> counters = new ConcurrentHashMap<>();

    /**
     * Registers the gauge.
     *
     * @param registry where the meters are registered
     */
    public BilibiliWebSocketMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder(CONNECTIONS, open, AtomicInteger::get)
                .description("WebSocket connections opened through the bilibili context and not closed yet")
                .register(registry);
    }

    @Override
    public void onEvent(BiliEvent event) {
        BiliEventType type = event.type();
        switch (type) {
            case WS_CREATE -> open.incrementAndGet();
            case WS_CLOSE -> open.updateAndGet(n -> n > 0 ? n - 1 : 0);
            case WS_SEND -> count("sent", "binary");
            case WS_RECV -> count("received", String.valueOf(event.data().getOrDefault("type", "unknown")));
            default -> { }
        }
    }

    private void count(String direction, String type) {
        String t = type.toLowerCase(Locale.ROOT);
        counters.computeIfAbsent(direction + ':' + t, k -> Counter.builder(MESSAGES)
                .description("WebSocket messages sent and received through the bilibili context")
                .tag("direction", direction).tag("type", t).register(registry)).increment();
    }
}
