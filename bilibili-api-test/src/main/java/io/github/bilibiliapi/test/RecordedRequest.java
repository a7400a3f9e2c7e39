package io.github.bilibiliapi.test;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A request the server received, kept for assertions ({@link FakeBilibiliServer#lastRequest(String)}).
 *
 * @param method   upper-case method
 * @param uri      request target as received: raw path plus {@code ?query}
 * @param path     raw path without query
 * @param rawQuery raw query without {@code ?}, {@code ""} if none
 * @param headers  lower-cased header name to values, in arrival order
 * @param cookies  cookie name to raw value, from the {@code Cookie} header
 * @param bodySize body bytes received on the wire when this snapshot was taken (the full size once the route has
 *                 read the body, which every {@code /test/} route and any route answering from the body does)
 * @param secure   whether it came over TLS
 * @param receivedAt when the request head arrived
 */
public record RecordedRequest(String method, String uri, String path, String rawQuery,
        Map<String, List<String>> headers, Map<String, String> cookies, long bodySize, boolean secure,
        Instant receivedAt) {

    /**
     * Creates a snapshot, copying the maps so the record is immutable.
     *
     * @param method     upper-case method
     * @param uri        request target as received
     * @param path       raw path without query
     * @param rawQuery   raw query without {@code ?}
     * @param headers    lower-cased header name to values
     * @param cookies    cookie name to raw value
     * @param bodySize   body bytes received so far
     * @param secure     whether it came over TLS
     * @param receivedAt when the request head arrived
     */
    public RecordedRequest {
        headers = Map.copyOf(headers);
        cookies = Map.copyOf(cookies);
    }

    /**
     * The first value of a header.
     *
     * @param name header name, any case
     * @return the value or {@code null}
     */
    public String header(String name) {
        List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** Lists method, target and body size only: headers and cookies may carry credentials. */
    @Override
    public String toString() {
        return "RecordedRequest[" + method + " " + path + ", bodySize=" + bodySize + "]";
    }
}
