package io.github.bilibiliapi.api;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One event published by a {@link BiliContext}. Secrets are masked before the event is built, so listeners may log
 * {@link #data()} as is.
 *
 * @param type        the kind of event
 * @param description a short human-readable summary
 * @param data        details (method, url without query, masked params, code, handle, sizes...)
 * @param time        when it happened (from the context's clock)
 */
public record BiliEvent(BiliEventType type, String description, Map<String, Object> data, Instant time) {

    /** Copies {@code data} and checks for nulls. */
    public BiliEvent {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(description, "description");
        data = data == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(data));
        Objects.requireNonNull(time, "time");
    }
}
