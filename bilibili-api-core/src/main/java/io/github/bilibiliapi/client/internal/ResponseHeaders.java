package io.github.bilibiliapi.client.internal;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Response headers in the form {@link io.github.bilibiliapi.client.BiliApiResponse} keeps them: immutable, names
 * case-insensitive, every value of a repeated header (names differing only in case merged) in arrival order.
 * Built once from what a backend delivers, it is taken by the response as it is instead of being copied again.
 *
 * <p>Kept as the flat name/value sequence the wire had: a response has a handful of headers and the client reads
 * two or three of them ({@code Content-Length}, {@code Set-Cookie}, {@code Location}), so a scan costs less than
 * building a sorted map for every response. The merged map view is built on first iteration only. Internal: not
 * API.
 */
public final class ResponseHeaders extends AbstractMap<String, List<String>> {

    private static final ResponseHeaders EMPTY = new ResponseHeaders(new String[0], 0);

    /** name, value, name, value, … in arrival order; only the first {@link #length} slots are used. */
    private final String[] pairs;
    private final int length;
    /** The merged, sorted view, made on first use by the {@link Map} methods that iterate. */
    private volatile Map<String, List<String>> merged;

    private ResponseHeaders(String[] pairs, int length) {
        this.pairs = pairs;
        this.length = length;
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
        Builder b = new Builder(headers.size());
        headers.forEach((name, values) -> {
            Objects.requireNonNull(values, () -> "values of header " + name);
            for (String value : values) {
                b.add(name, value);
            }
        });
        return b.build();
    }

    /**
     * @param expected how many name/value pairs are coming (a hint)
     * @return a builder that takes the headers one value at a time, as a backend reads them
     */
    public static Builder builder(int expected) {
        return new Builder(expected);
    }

    /** Collects name/value pairs in arrival order; pseudo-headers ({@code :status}) are dropped. */
    public static final class Builder {

        private String[] pairs;
        private int length;

        private Builder(int expected) {
            this.pairs = new String[Math.max(2, expected * 2)];
        }

        /**
         * @param name  the header name
         * @param value one value
         * @return this builder
         * @throws NullPointerException for a null name or value
         */
        public Builder add(String name, String value) {
            Objects.requireNonNull(name, "header name");
            Objects.requireNonNull(value, () -> "value of header " + name);
            if (name.startsWith(":")) {
                return this;
            }
            if (length == pairs.length) {
                pairs = Arrays.copyOf(pairs, pairs.length * 2);
            }
            pairs[length++] = name;
            pairs[length++] = value;
            return this;
        }

        /** @return the headers; the builder must not be used afterwards */
        public ResponseHeaders build() {
            return length == 0 ? EMPTY : new ResponseHeaders(pairs, length);
        }
    }

    /**
     * @param name the name, any case
     * @return the first value of the header, or {@code null}; no list is made
     */
    public String first(String name) {
        for (int i = 0; i < length; i += 2) {
            if (pairs[i].equalsIgnoreCase(name)) {
                return pairs[i + 1];
            }
        }
        return null;
    }

    @Override
    public List<String> get(Object name) {
        if (!(name instanceof String n)) {
            return null;
        }
        String one = null;
        List<String> more = null;
        for (int i = 0; i < length; i += 2) {
            if (pairs[i].equalsIgnoreCase(n)) {
                if (one == null) {
                    one = pairs[i + 1];
                } else {
                    if (more == null) {
                        more = new ArrayList<>();
                        more.add(one);
                    }
                    more.add(pairs[i + 1]);
                }
            }
        }
        return one == null ? null : more == null ? List.of(one) : List.copyOf(more);
    }

    @Override
    public boolean containsKey(Object name) {
        return name instanceof String n && first(n) != null;
    }

    @Override
    public boolean isEmpty() {
        return length == 0;
    }

    @Override
    public int size() {
        return merged().size();
    }

    @Override
    public Set<Entry<String, List<String>>> entrySet() {
        return merged().entrySet();
    }

    @Override
    public Set<String> keySet() {
        return merged().keySet();
    }

    private Map<String, List<String>> merged() {
        Map<String, List<String>> m = merged;
        if (m == null) {
            TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            for (int i = 0; i < length; i += 2) {
                h.computeIfAbsent(pairs[i], k -> new ArrayList<>(1)).add(pairs[i + 1]);
            }
            h.replaceAll((k, v) -> List.copyOf(v));
            m = Collections.unmodifiableMap(h);
            merged = m;
        }
        return m;
    }
}
