package io.github.bilibiliapi.client.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Cookie header building and {@code Set-Cookie} parsing shared by the backends. */
public final class CookieHeaders {

    private CookieHeaders() {
    }

    /**
     * Builds a {@code Cookie} header value. Values are sent as given (bilibili's SESSDATA is already percent-encoded).
     *
     * @param existing a {@code Cookie} header the caller set, or {@code null}
     * @param cookies  the cookies to add after it
     * @return the header value, or {@code null} if there is nothing to send
     */
    public static String cookieHeader(String existing, Map<String, String> cookies) {
        if (existing == null && cookies instanceof FrozenMap<String> frozen) {
            // one account's cookies are usually one frozen map reused by every call: its header is built once
            String header = frozen.cookieHeader;
            if (header == null) {
                header = build(null, cookies);
                frozen.cookieHeader = header;
            }
            return header;
        }
        return build(existing, cookies);
    }

    private static String build(String existing, Map<String, String> cookies) {
        int length = existing == null ? 0 : existing.length();
        for (Map.Entry<String, String> e : cookies.entrySet()) {
            length += e.getKey().length() + e.getValue().length() + 3;
        }
        StringBuilder out = new StringBuilder(length); // sized once: a bili_ticket alone is ~150 characters
        if (existing != null && !existing.isBlank()) {
            out.append(existing.strip());
        }
        for (Map.Entry<String, String> e : cookies.entrySet()) {
            if (out.length() > 0) {
                out.append("; ");
            }
            out.append(e.getKey()).append('=').append(e.getValue());
        }
        return out.length() == 0 ? null : out.toString();
    }

    /**
     * Merges two {@code Cookie} header values, the second winning on equal names (for a library's cookie jar that
     * replaced the caller's header).
     *
     * @param first  a header value, may be {@code null}
     * @param second a header value whose cookies win
     * @return the merged value
     */
    public static String merge(String first, String second) {
        Map<String, String> merged = new LinkedHashMap<>();
        for (String header : new String[] {first, second}) {
            for (String pair : header == null ? new String[0] : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    merged.put(pair.substring(0, eq).strip(), pair.substring(eq + 1));
                }
            }
        }
        return cookieHeader(null, merged);
    }

    /**
     * Checks cookie names and values cannot break the header, before any I/O.
     *
     * @param cookies the cookies
     * @throws IllegalArgumentException naming the bad cookie (never its value)
     */
    public static void validate(Map<String, String> cookies) {
        // plain loops: this runs for every cookie of every request (a bili_ticket is ~150 characters)
        cookies.forEach((name, value) -> {
            if (name.isEmpty() || !isToken(name)) {
                throw new IllegalArgumentException("Invalid cookie name '" + name + "'");
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < 0x20 || c == 0x7f || c == ';' || c == ',' || c == '"' || c == '\\') {
                    throw new IllegalArgumentException("Invalid characters in the value of cookie '" + name + "'");
                }
            }
        });
    }

    /** @return whether the name is an RFC 7230 token (no controls, spaces, separators or non-ASCII) */
    private static boolean isToken(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c <= ' ' || c >= 0x7f || "()<>@,;:\\\"/[]?={}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Parses {@code Set-Cookie} header values into name/value pairs, dropping attributes; a later cookie of the same
     * name wins.
     *
     * @param setCookieHeaders the header values
     * @return the cookies
     */
    public static Map<String, String> parseSetCookies(List<String> setCookieHeaders) {
        Map<String, String> cookies = new LinkedHashMap<>();
        if (setCookieHeaders == null) {
            return cookies;
        }
        for (String header : setCookieHeaders) {
            int semi = header.indexOf(';');
            String pair = (semi < 0 ? header : header.substring(0, semi)).strip();
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                continue; // a nameless cookie carries nothing addressable
            }
            String value = pair.substring(eq + 1).strip();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            }
            cookies.put(pair.substring(0, eq).strip(), value);
        }
        return cookies;
    }
}
