package io.github.bilibiliapi.test.bilibili;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Framework-neutral request/response of the bilibili routes, so the protocol logic does not depend on how the
 * server core wires Reactor Netty.
 */
final class FakeExchange {

    private FakeExchange() {
    }

    /**
     * One received request.
     *
     * @param method   upper-case method
     * @param path     path without query
     * @param rawQuery query as received, without {@code ?}, or empty
     * @param headers  header name (lower case) → first value
     * @param body     the aggregated body (empty for none)
     */
    record Request(String method, String path, String rawQuery, Map<String, String> headers, byte[] body) {

        Request {
            Map<String, String> lower = new LinkedHashMap<>();
            headers.forEach((k, v) -> lower.putIfAbsent(k.toLowerCase(Locale.ROOT), v));
            headers = Map.copyOf(lower);
            rawQuery = rawQuery == null ? "" : rawQuery;
            body = body == null ? new byte[0] : body;
        }

        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        /** Cookie value by name from the {@code Cookie} header; the first occurrence wins (like Go's r.Cookie). */
        String cookie(String name) {
            String header = header("cookie");
            if (header == null) {
                return null;
            }
            for (String part : header.split(";")) {
                String trimmed = part.trim();
                int eq = trimmed.indexOf('=');
                if (eq > 0 && trimmed.substring(0, eq).equals(name)) {
                    String value = trimmed.substring(eq + 1);
                    if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                        value = value.substring(1, value.length() - 1);
                    }
                    return value;
                }
            }
            return null;
        }
    }

    /**
     * One response.
     *
     * @param status  HTTP status
     * @param headers headers in order (a name may repeat, e.g. Set-Cookie)
     * @param body    body bytes (ignored for HEAD by the adapter)
     */
    record Response(int status, List<Map.Entry<String, String>> headers, byte[] body) {

        Response {
            headers = List.copyOf(headers);
        }

        static Response json(byte[] body) {
            return new Response(200, List.of(Map.entry("Content-Type", "application/json; charset=utf-8")), body);
        }

        static Response text(int status, String contentType, String body) {
            return new Response(status, List.of(Map.entry("Content-Type", contentType)),
                    body.getBytes(StandardCharsets.UTF_8));
        }

        Response withHeader(String name, String value) {
            List<Map.Entry<String, String>> all = new ArrayList<>(headers);
            all.add(Map.entry(name, value));
            return new Response(status, all, body);
        }

        String header(String name) {
            for (Map.Entry<String, String> h : headers) {
                if (h.getKey().equalsIgnoreCase(name)) {
                    return h.getValue();
                }
            }
            return null;
        }
    }
}
