package io.github.bilibiliapi.client.internal;

import io.github.bilibiliapi.client.support.UriEncoding;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An immutable map keeping insertion order in two arrays: what a {@link io.github.bilibiliapi.client.BiliApiRequest}
 * holds. One copy per request instead of a {@code LinkedHashMap} behind an unmodifiable view; a map that is already
 * frozen is taken as it is, and the encoded query of a parameter map is computed at most once (or handed in by the
 * signer that already built it), so that every encoding of the same request is the same string.
 *
 * @param <V> the value type
 */
public final class FrozenMap<V> extends AbstractMap<String, V> {

    /** Above this size {@link #get} is worth a hash index; below, a scan is cheaper than building one. */
    private static final int SCAN_MAX = 16;

    private final String[] keys;
    private final Object[] values;
    private final int size;
    /** {@link UriEncoding#encodeQuery} of this map, once computed; racy but idempotent. */
    private String encoded;
    /** For {@link #get} on a large map, built on first use. */
    private volatile Map<String, Integer> index;

    private FrozenMap(String[] keys, Object[] values, int size, String encoded) {
        this.keys = keys;
        this.values = values;
        this.size = size;
        this.encoded = encoded;
    }

    /**
     * Returns an immutable copy of {@code map} in its iteration order; a frozen map as it is.
     *
     * @param map  the map, may be {@code null} (empty)
     * @param what what the map holds, for the message
     * @param <V>  the value type
     * @return the copy
     * @throws IllegalArgumentException naming {@code what} for a null key or value
     */
    @SuppressWarnings("unchecked")
    public static <V> Map<String, V> copyOf(Map<String, ? extends V> map, String what) {
        if (map instanceof FrozenMap<?> frozen) {
            return (Map<String, V>) frozen;
        }
        if (map == null || map.isEmpty()) {
            return Map.of();
        }
        int n = map.size();
        String[] k = new String[n];
        Object[] v = new Object[n];
        int i = 0;
        for (Map.Entry<String, ? extends V> e : map.entrySet()) {
            if (e.getKey() == null || e.getValue() == null || i == n) {
                throw new IllegalArgumentException(what + " must not contain null keys or values (key: "
                        + e.getKey() + ")");
            }
            k[i] = e.getKey();
            v[i++] = e.getValue();
        }
        return new FrozenMap<>(k, v, i, null);
    }

    /**
     * Wraps parameters whose query encoding the caller has already built (a signer), without copying the arrays.
     *
     * @param keys    the names, distinct, in order; owned by the map from now on
     * @param values  the values; owned by the map from now on
     * @param size    how many of the arrays' entries are used
     * @param encoded exactly {@link UriEncoding#encodeQuery} of these entries
     * @return the parameters
     */
    public static FrozenMap<String> ofEncoded(String[] keys, String[] values, int size, String encoded) {
        Objects.requireNonNull(encoded, "encoded");
        for (int i = 0; i < size; i++) {
            Objects.requireNonNull(keys[i], "keys");
            Objects.requireNonNull(values[i], "values");
        }
        return new FrozenMap<>(keys, values, size, encoded);
    }

    /**
     * Returns {@link UriEncoding#encodeQuery} of a parameter map, computed once for a frozen one.
     *
     * @param params the parameters
     * @return the query, without {@code ?}
     */
    public static String encodedQuery(Map<String, String> params) {
        if (params instanceof FrozenMap<String> frozen) {
            String q = frozen.encoded;
            if (q == null) {
                q = UriEncoding.encodeQuery(frozen);
                frozen.encoded = q;
            }
            return q;
        }
        return UriEncoding.encodeQuery(params);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean isEmpty() {
        return size == 0;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : (V) values[i];
    }

    private int indexOf(Object key) {
        if (!(key instanceof String)) {
            return -1;
        }
        if (size > SCAN_MAX) {
            Map<String, Integer> idx = index;
            if (idx == null) {
                java.util.HashMap<String, Integer> built = new java.util.HashMap<>(size * 2);
                for (int i = 0; i < size; i++) {
                    built.put(keys[i], i);
                }
                index = idx = built;
            }
            Integer at = idx.get(key);
            return at == null ? -1 : at;
        }
        for (int i = 0; i < size; i++) {
            if (keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void forEach(BiConsumer<? super String, ? super V> action) {
        for (int i = 0; i < size; i++) {
            action.accept(keys[i], (V) values[i]);
        }
    }

    @Override
    public Set<Map.Entry<String, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, V>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < size;
                    }

                    @Override
                    @SuppressWarnings("unchecked")
                    public Map.Entry<String, V> next() {
                        if (next >= size) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(keys[i], (V) values[i]);
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }
}
