package io.github.bilibiliapi.client;

import io.github.bilibiliapi.client.internal.ResponseHeaders;
import io.github.bilibiliapi.client.support.UriEncoding;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * An HTTP response, whatever its status.
 *
 * <p><b>Headers</b> keep every value of a repeated header in arrival order; names are case-insensitive
 * ({@code headers().get("content-type")} works). {@link #header(String)} returns the first value. <b>Cookies</b> are
 * the name/value pairs of every {@code Set-Cookie} header (attributes dropped; a later cookie of the same name wins).
 *
 * @param code    the HTTP status
 * @param headers the headers, case-insensitive, all values
 * @param cookies cookies set by the response
 * @param raw     the body; not copied, treat as read-only
 * @param url     the final URL (after redirects, if followed)
 */
public record BiliApiResponse(int code, Map<String, List<String>> headers, Map<String, String> cookies, byte[] raw,
        String url) {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * Validates and copies.
     *
     * @param code    the status
     * @param headers the headers
     * @param cookies the cookies
     * @param raw     the body
     * @param url     the final URL
     */
    public BiliApiResponse {
        Objects.requireNonNull(raw, "raw");
        Objects.requireNonNull(url, "url");
        if (!(headers instanceof ResponseHeaders)) { // those a client built are already in this form
            TreeMap<String, List<String>> h = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            if (headers != null) {
                headers.forEach((k, v) -> h.merge(k, List.copyOf(v), (a, b) -> {
                    var all = new java.util.ArrayList<>(a);
                    all.addAll(b);
                    return List.copyOf(all);
                }));
            }
            headers = Collections.unmodifiableMap(h);
        }
        cookies = cookies == null || cookies.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(cookies));
    }

    /**
     * Returns the first value of a header.
     *
     * @param name the name, any case
     * @return the value, or {@code null} if absent
     */
    public String header(String name) {
        if (headers instanceof ResponseHeaders h) {
            return h.first(name); // no list made for one value
        }
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * Decodes the body as UTF-8.
     *
     * @return the text
     */
    public String utf8Text() {
        return new String(raw, StandardCharsets.UTF_8);
    }

    /**
     * Parses the body as JSON (Jackson 3).
     *
     * @return the tree
     * @throws IllegalStateException if the body is not JSON; the message carries a short excerpt, never a Jackson
     *                               exception type to catch
     */
    public JsonNode json() {
        try {
            return JSON.readTree(raw);
        } catch (JacksonException e) {
            throw new IllegalStateException("Response from " + UriEncoding.withoutQuery(url) + " (HTTP " + code
                    + ") is not valid JSON: " + excerpt(200), e);
        }
    }

    /**
     * Returns the start of the body as text, for error messages.
     *
     * @param maxChars the maximum number of characters
     * @return the excerpt, with an ellipsis if cut
     */
    public String excerpt(int maxChars) {
        String text = new String(raw, 0, Math.min(raw.length, maxChars * 4), StandardCharsets.UTF_8);
        return text.length() <= maxChars ? text : text.substring(0, maxChars) + "…";
    }

    @Override
    public String toString() {
        // no headers or cookies: Set-Cookie carries secrets
        return "BiliApiResponse[code=" + code + ", url=" + UriEncoding.withoutQuery(url) + ", bytes=" + raw.length
                + ", cookies=" + cookies.keySet().size() + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BiliApiResponse other && code == other.code && headers.equals(other.headers)
                && cookies.equals(other.cookies) && Arrays.equals(raw, other.raw) && url.equals(other.url);
    }

    @Override
    public int hashCode() {
        return Objects.hash(code, headers, cookies, url) * 31 + Arrays.hashCode(raw);
    }
}
