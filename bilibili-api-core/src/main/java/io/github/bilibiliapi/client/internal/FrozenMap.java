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
import java.util.function.Consumer;

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

    /** The entries, made once: iterating the map allocates no entry. */
    private final Entry<V>[] entries;
    private final int size;
    /** {@link UriEncoding#encodeQuery} of this map, once computed; racy but idempotent. */
    private String encoded;
    /** For {@link #get} on a large map, built on first use. */
    private volatile Map<String, Integer> index;
    /** The checks this map passed ({@link #HEADERS}, {@link #COOKIES}); racy, at worst a check runs again. */
    private int checked;
    /** The {@code Cookie} header of this map, once built ({@link CookieHeaders#cookieHeader}); racy but idempotent. */
    String cookieHeader;

    /** The last {@link #with} of this map, reused while the added entry is the same. */
    private volatile Extended extended;

    private record Extended(String name, String value, FrozenMap<String> map) {
    }

    /** {@link #checkOnce} kind: header names and values that cannot break a request. */
    public static final int HEADERS = 1;
    /** {@link #checkOnce} kind: cookie names and values that cannot break the {@code Cookie} header. */
    public static final int COOKIES = 2;

    private FrozenMap(Entry<V>[] entries, int size, String encoded) {
        this.entries = entries;
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
        Entry<V>[] all = newEntries(n);
        int i = 0;
        for (Map.Entry<String, ? extends V> e : map.entrySet()) {
            if (e.getKey() == null || e.getValue() == null || i == n) {
                throw new IllegalArgumentException(what + " must not contain null keys or values (key: "
                        + e.getKey() + ")");
            }
            all[i++] = new Entry<>(e.getKey(), e.getValue());
        }
        return new FrozenMap<>(all, i, null);
    }

    /**
     * Wraps parameters whose query encoding the caller has already built (a signer), without copying the arrays.
     *
     * @param keys    the names, distinct, in order
     * @param values  the values
     * @param size    how many of the arrays' entries are used
     * @param encoded exactly {@link UriEncoding#encodeQuery} of these entries
     * @return the parameters
     */
    public static FrozenMap<String> ofEncoded(String[] keys, String[] values, int size, String encoded) {
        Objects.requireNonNull(encoded, "encoded");
        Entry<String>[] all = newEntries(size);
        for (int i = 0; i < size; i++) {
            all[i] = new Entry<>(Objects.requireNonNull(keys[i], "keys"), Objects.requireNonNull(values[i], "values"));
        }
        return new FrozenMap<>(all, size, encoded);
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

    /**
     * Runs {@code check} on {@code map}, once per frozen map and kind: a frozen map cannot change, so the same headers
     * or cookies reused by many requests (a context's defaults, one account's cookies) are checked on first use only.
     *
     * @param map   the map
     * @param kind  {@link #HEADERS} or {@link #COOKIES}
     * @param check throws on a bad entry
     */
    public static void checkOnce(Map<String, String> map, int kind, Consumer<Map<String, String>> check) {
        if (!(map instanceof FrozenMap<?> frozen)) {
            check.accept(map);
            return;
        }
        if ((frozen.checked & kind) == 0) {
            check.accept(map);
            frozen.checked |= kind;
        }
    }

    /**
     * Returns this map with one entry added at the end (the name must not be in it). The last result is kept and
     * returned again while the same name and value (the same strings) are added: a request's headers plus its
     * {@code Cookie} header, the same for every call of one account, become one map instead of one per call.
     *
     * @param map   the map, frozen; its name must not already be there
     * @param name  the name to add
     * @param value the value to add
     * @return the extended map
     */
    public static FrozenMap<String> with(FrozenMap<String> map, String name, String value) {
        Extended last = map.extended;
        if (last != null && last.name == name && last.value == value) {
            return last.map;
        }
        Entry<String>[] all = newEntries(map.size + 1);
        System.arraycopy(map.entries, 0, all, 0, map.size);
        all[map.size] = new Entry<>(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        FrozenMap<String> extendedMap = new FrozenMap<>(all, map.size + 1, null);
        map.extended = new Extended(name, value, extendedMap);
        return extendedMap;
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
    public V get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : entries[i].value;
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
                    built.put(entries[i].key, i);
                }
                index = idx = built;
            }
            Integer at = idx.get(key);
            return at == null ? -1 : at;
        }
        for (int i = 0; i < size; i++) {
            if (entries[i].key.equals(key)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void forEach(BiConsumer<? super String, ? super V> action) {
        for (int i = 0; i < size; i++) {
            action.accept(entries[i].key, entries[i].value);
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
                    public Map.Entry<String, V> next() {
                        if (next >= size) {
                            throw new NoSuchElementException();
                        }
                        return entries[next++];
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static <V> Entry<V>[] newEntries(int n) {
        return (Entry<V>[]) new Entry<?>[n];
    }

    /** An immutable entry; {@code equals} and {@code hashCode} as {@link Map.Entry} specifies. */
    private static final class Entry<V> implements Map.Entry<String, V> {
        final String key;
        final V value;

        Entry(String key, V value) {
            this.key = key;
            this.value = value;
        }

        @Override
        public String getKey() {
            return key;
        }

        @Override
        public V getValue() {
            return value;
        }

        @Override
        public V setValue(V v) {
            throw new UnsupportedOperationException("immutable");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Map.Entry<?, ?> e && key.equals(e.getKey()) && value.equals(e.getValue());
        }

        @Override
        public int hashCode() {
            return key.hashCode() ^ value.hashCode();
        }

        @Override
        public String toString() {
            return key + "=" + value;
        }
    }
}
