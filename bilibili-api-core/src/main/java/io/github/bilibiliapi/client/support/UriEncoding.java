package io.github.bilibiliapi.client.support;

import io.github.bilibiliapi.client.internal.FrozenMap;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Query encoding shared by every backend, so that the query a backend sends is byte-identical to the one the
 * {@code Api} layer signed: JavaScript {@code encodeURIComponent} rules (UTF-8, upper-case hex, space as {@code %20};
 * {@code A-Z a-z 0-9 - _ . ! ~ * ' ( )} left as they are). {@link java.net.URLEncoder} is not that: it writes
 * {@code +} for spaces and escapes {@code ~ ! * ' ( )}.
 */
public final class UriEncoding {

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final boolean[] UNRESERVED = new boolean[128];

    static {
        for (char c = 'A'; c <= 'Z'; c++) {
            UNRESERVED[c] = true;
        }
        for (char c = 'a'; c <= 'z'; c++) {
            UNRESERVED[c] = true;
        }
        for (char c = '0'; c <= '9'; c++) {
            UNRESERVED[c] = true;
        }
        for (char c : "-_.!~*'()".toCharArray()) {
            UNRESERVED[c] = true;
        }
    }

    private UriEncoding() {
    }

    /**
     * Encodes one component like JavaScript's {@code encodeURIComponent}.
     *
     * @param value the value
     * @return the encoded value
     */
    public static String encodeComponent(String value) {
        if (unreservedPrefix(value) == value.length()) {
            return value; // the common case: nothing to escape, no copy
        }
        StringBuilder out = new StringBuilder(value.length() + 16);
        appendComponent(out, value);
        return out.toString();
    }

    /**
     * Encodes parameters as {@code k=v&k=v} in iteration order.
     *
     * @param params the parameters
     * @return the query, without {@code ?}
     */
    public static String encodeQuery(Map<String, String> params) {
        StringBuilder out = new StringBuilder(params.size() * 24);
        params.forEach((k, v) -> appendParam(out, k, v));
        return out.toString();
    }

    /** The length of the leading run of characters that need no escaping. */
    private static int unreservedPrefix(String value) {
        int i = 0;
        while (i < value.length() && value.charAt(i) < 128 && UNRESERVED[value.charAt(i)]) {
            i++;
        }
        return i;
    }

    /**
     * Appends one encoded {@code name=value} pair, after a {@code &} unless {@code out} is empty.
     *
     * @param out   the query being built
     * @param name  the name
     * @param value the value
     */
    public static void appendParam(StringBuilder out, String name, String value) {
        if (out.length() > 0) {
            out.append('&');
        }
        appendComponent(out, name);
        out.append('=');
        appendComponent(out, value);
    }

    /** {@link #encodeComponent} written into {@code out}: no intermediate string for the usual unreserved value. */
    private static void appendComponent(StringBuilder out, String value) {
        int i = unreservedPrefix(value);
        if (i == value.length()) {
            out.append(value);
            return;
        }
        out.append(value, 0, i);
        byte[] bytes = value.substring(i).getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            int c = b & 0xff;
            if (c < 128 && UNRESERVED[c]) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >>> 4]).append(HEX[c & 0xf]);
            }
        }
    }

    /**
     * Appends encoded parameters to a URL, after any query it already has and before any fragment.
     *
     * @param url    the URL
     * @param params the parameters
     * @return the URL with the query
     */
    public static String appendQuery(String url, Map<String, String> params) {
        if (params.isEmpty()) {
            return url;
        }
        String fragment = "";
        int hash = url.indexOf('#');
        if (hash >= 0) {
            fragment = url.substring(hash);
            url = url.substring(0, hash);
        }
        String query = FrozenMap.encodedQuery(params);
        int q = url.indexOf('?');
        String sep = q < 0 ? "?" : (q == url.length() - 1 || url.endsWith("&") ? "" : "&");
        return url + sep + query + fragment;
    }

    /**
     * Strips the query, fragment and user info of a URL, for messages and logs: they may carry signatures, tokens or
     * credentials.
     *
     * @param url a URL, may be {@code null}
     * @return the scheme, host, port and path
     */
    public static String withoutQuery(String url) {
        if (url == null) {
            return "null";
        }
        int cut = url.length();
        int q = url.indexOf('?');
        if (q >= 0) {
            cut = q;
        }
        int h = url.indexOf('#');
        if (h >= 0 && h < cut) {
            cut = h;
        }
        String base = url.substring(0, cut);
        int scheme = base.indexOf("://");
        if (scheme >= 0) {
            int at = base.indexOf('@', scheme + 3);
            int slash = base.indexOf('/', scheme + 3);
            if (at >= 0 && (slash < 0 || at < slash)) {
                base = base.substring(0, scheme + 3) + "***@" + base.substring(at + 1);
            }
        }
        return base;
    }
}
