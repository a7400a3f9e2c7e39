package io.github.bilibiliapi.client.internal;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Response headers in the form {@link io.github.bilibiliapi.client.BiliApiResponse} keeps them: immutable, names
 * case-insensitive, every value of a repeated header (names differing only in case merged) in arrival order.
 * Built once from what a backend delivers, it is taken by the response as it is instead of being copied again.
 * Internal: not API.
 */
public final class ResponseHeaders extends AbstractMap<String, List<String>> {

    private static final ResponseHeaders EMPTY = new ResponseHeaders(new TreeMap<>(String.CASE_INSENSITIVE_ORDER));

    private final Map<String, List<String>> map;

    private ResponseHeaders(TreeMap<String, List<String>> map) {
        this.map = Collections.unmodifiableMap(map);
    }

    /**
     * Copies headers as a backend delivers them; HTTP/2 pseudo-headers ({@code :status}) are dropped.
     *
     * @param headers the headers with all their values, may be {@code null} (none)
     * @return the copy
     * @throws NullPointerException for a null name, value list or value
     */
    public static ResponseHeaders copyOf(Map<String, ? extends List<String>> headers) {
        if (headers instanceof ResponseHeaders already) {
            return already;
        }
        if (headers == null || headers.isEmpty()) {
            return EMPTY;
        }
        TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> {
            if (!name.startsWith(":")) {
                h.merge(name, List.copyOf(values), ResponseHeaders::concat);
            }
        });
        return new ResponseHeaders(h);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a.size() + b.size());
        all.addAll(a);
        all.addAll(b);
        return List.copyOf(all);
    }

    @Override
    public List<String> get(Object name) {
        return map.get(name);
    }

    @Override
    public boolean containsKey(Object name) {
        return map.containsKey(name);
    }

    @Override
    public int size() {
        return map.size();
    }

    @Override
    public Set<Entry<String, List<String>>> entrySet() {
        return map.entrySet();
    }

    @Override
    public Set<String> keySet() {
        return map.keySet();
    }
}
