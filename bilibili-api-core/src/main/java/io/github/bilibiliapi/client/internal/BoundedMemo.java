package io.github.bilibiliapi.client.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Remembers a value derived from a URL, so that the per-call work on an endpoint's constant URL is done once. Bounded
 * by clearing when full: URLs with ids in the path would otherwise grow it without end, and recomputing is cheap.
 */
public final class BoundedMemo<V> {

    private final Map<String, V> values = new ConcurrentHashMap<>();
    private final int max;

    /** @param max how many values to keep before starting again */
    public BoundedMemo(int max) {
        this.max = max;
    }

    /**
     * @param key     the URL (or other key)
     * @param compute derives the value when none is remembered
     * @return the remembered value for {@code key}, or {@code compute}'s (remembered unless it throws)
     */
    public V get(String key, Function<String, V> compute) {
        V v = values.get(key);
        if (v == null) {
            v = compute.apply(key);
            if (values.size() >= max) {
                values.clear();
            }
            values.put(key, v);
        }
        return v;
    }
}
