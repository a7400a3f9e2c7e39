package io.github.bilibiliapi.test;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;

/**
 * A request as route handlers see it: method, raw and decoded query, headers, cookies, path variables and the body.
 * The body can be consumed once, either through {@link #body()} (cached, so several calls are fine) or through
 * {@link #netty()} for streaming and multipart.
 */
public final class RouteRequest {

    private final HttpServerRequest request;
    private final String path;
    private final String rawQuery;
    private final Map<String, String> pathVariables;
    private final BodyStats bodyStats;
    private volatile Map<String, List<String>> query;
    private volatile Map<String, String> cookies;
    private Mono<byte[]> body;

    RouteRequest(HttpServerRequest request, String path, String rawQuery, Map<String, String> pathVariables,
            BodyStats bodyStats) {
        this.request = request;
        this.path = path;
        this.rawQuery = rawQuery;
        this.pathVariables = pathVariables;
        this.bodyStats = bodyStats;
    }

    /**
     * The method.
     *
     * @return upper-case method name such as {@code GET}
     */
    public String method() {
        return request.method().name();
    }

    /**
     * The path, undecoded, without the query.
     *
     * @return e.g. {@code /x/web-interface/nav}
     */
    public String path() {
        return path;
    }

    /**
     * The request target exactly as it appeared on the request line.
     *
     * @return path plus {@code ?query} if any
     */
    public String uri() {
        return request.uri();
    }

    /**
     * The query string exactly as received, not decoded.
     *
     * @return the part after {@code ?}, or {@code ""} when there is none
     */
    public String rawQuery() {
        return rawQuery;
    }

    /**
     * The decoded query as a multimap, in arrival order.
     *
     * @return unmodifiable map of name to values
     */
    public Map<String, List<String>> query() {
        Map<String, List<String>> q = query;
        if (q == null) {
            q = decodeForm(rawQuery);
            query = q;
        }
        return q;
    }

    /**
     * The first decoded value of a query parameter.
     *
     * @param name parameter name
     * @return the value, or {@code null} when absent
     */
    public String queryParam(String name) {
        List<String> values = query().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /**
     * An integer query parameter with a default and bounds, for test endpoints.
     *
     * @param name     parameter name
     * @param fallback value when the parameter is absent
     * @param min      smallest accepted value
     * @param max      largest accepted value
     * @return the value
     * @throws IllegalArgumentException if present but not an integer in {@code [min, max]}; the interceptor turns
     *                                  it into a 400
     */
    public long longParam(String name, long fallback, long min, long max) {
        String raw = queryParam(name);
        if (raw == null) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw new BadRequestException("query parameter '" + name + "' is not an integer: " + raw);
        }
        if (value < min || value > max) {
            throw new BadRequestException(
                    "query parameter '" + name + "' must be in [" + min + ", " + max + "], was " + value);
        }
        return value;
    }

    /**
     * A path variable bound by a {@code {name}} segment of the route's path.
     *
     * @param name variable name
     * @return the raw segment, or {@code null} if the route has no such variable
     */
    public String pathVariable(String name) {
        return pathVariables.get(name);
    }

    /**
     * The request headers.
     *
     * @return Netty's case-insensitive headers
     */
    public HttpHeaders headers() {
        return request.requestHeaders();
    }

    /**
     * The first value of a header.
     *
     * @param name header name, any case
     * @return the value, or {@code null}
     */
    public String header(String name) {
        return request.requestHeaders().get(name);
    }

    /**
     * Cookies from the {@code Cookie} header(s), split on {@code ;} and the first {@code =}, values kept verbatim
     * (no unquoting or decoding); on duplicate names the first wins.
     *
     * @return unmodifiable map of name to value
     */
    public Map<String, String> cookies() {
        Map<String, String> c = cookies;
        if (c == null) {
            c = parseCookies(request.requestHeaders().getAll(HttpHeaderNames.COOKIE));
            cookies = c;
        }
        return c;
    }

    /**
     * The whole body, aggregated. Do not combine with reading through {@link #netty()}.
     *
     * @return the bytes (empty array when there is no body)
     */
    public synchronized Mono<byte[]> body() {
        if (body == null) {
            body = request.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0]).cache();
        }
        return body;
    }

    /**
     * The whole body as UTF-8 text.
     *
     * @return the text
     */
    public Mono<String> bodyText() {
        return body().map(b -> new String(b, StandardCharsets.UTF_8));
    }

    /**
     * The body parsed as {@code application/x-www-form-urlencoded} (UTF-8), whatever the content type says.
     *
     * @return unmodifiable multimap of decoded names to values
     */
    public Mono<Map<String, List<String>>> form() {
        return bodyText().map(RouteRequest::decodeForm);
    }

    /**
     * Size and SHA-256 of the raw body bytes received so far on the wire (counted below the HTTP layer, so it works
     * for multipart bodies read with {@link HttpServerRequest#receiveForm()} too).
     *
     * @return the live counters of this request's body
     */
    BodyStats bodyStats() {
        return bodyStats;
    }

    /**
     * The underlying Reactor Netty request, for streaming bodies and {@link HttpServerRequest#receiveForm()}.
     *
     * @return the request
     */
    public HttpServerRequest netty() {
        return request;
    }

    static Map<String, List<String>> decodeForm(String raw) {
        if (raw == null || raw.isEmpty()) {
            return Map.of();
        }
        Map<String, List<String>> decoded = new QueryStringDecoder(raw, StandardCharsets.UTF_8, false, 10_000)
                .parameters();
        Map<String, List<String>> copy = new LinkedHashMap<>();
        decoded.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        return Collections.unmodifiableMap(copy);
    }

    static Map<String, String> parseCookies(List<String> headerValues) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String header : headerValues) {
            for (String pair : header.split(";")) {
                String p = pair.trim();
                if (p.isEmpty()) {
                    continue;
                }
                int eq = p.indexOf('=');
                String name = eq < 0 ? p : p.substring(0, eq).trim();
                String value = eq < 0 ? "" : p.substring(eq + 1).trim();
                out.putIfAbsent(name, value);
            }
        }
        return Collections.unmodifiableMap(out);
    }
}
