package io.github.bilibiliapi.test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/** Route table: exact paths in a map, {@code {var}} templates in registration order. Filled before binding. */
final class Router implements RouteRegistry {

    /** A resolved HTTP route with its path variables. */
    record Match(HttpRoute route, Map<String, String> variables) {
    }

    /** Result of looking a path up: the route, or whether the path exists under other methods. */
    record Lookup(Match match, boolean pathKnown) {
    }

    private record Template(String[] segments, Map<String, HttpRoute> byMethod) {
    }

    private final Map<String, Map<String, HttpRoute>> exact = new ConcurrentHashMap<>();
    private final List<Template> templates = new ArrayList<>();
    private final Map<String, WebSocketRoute> ws = new ConcurrentHashMap<>();

    @Override
    public synchronized RouteRegistry http(String method, String path, HttpRoute route) {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(route, "route");
        checkPath(path);
        if (!method.equals(ANY_METHOD) && !method.matches("[A-Z]+")) {
            throw new IllegalArgumentException("HTTP method must be upper-case letters or '*', was '" + method + "'");
        }
        Map<String, HttpRoute> byMethod;
        if (path.contains("{")) {
            String[] segments = path.split("/", -1);
            Template t = templates.stream().filter(x -> java.util.Arrays.equals(x.segments, segments)).findFirst()
                    .orElse(null);
            if (t == null) {
                t = new Template(segments, new LinkedHashMap<>());
                templates.add(t);
            }
            byMethod = t.byMethod;
        } else {
            byMethod = exact.computeIfAbsent(path, p -> new ConcurrentHashMap<>());
        }
        if (byMethod.putIfAbsent(method, route) != null) {
            throw new IllegalStateException("route already registered: " + method + " " + path);
        }
        return this;
    }

    @Override
    public RouteRegistry ws(String path, WebSocketRoute route) {
        Objects.requireNonNull(route, "route");
        checkPath(path);
        if (ws.putIfAbsent(path, route) != null) {
            throw new IllegalStateException("WebSocket route already registered: " + path);
        }
        return this;
    }

    WebSocketRoute webSocket(String path) {
        return ws.get(path);
    }

    Lookup lookup(String method, String path) {
        Map<String, HttpRoute> byMethod = exact.get(path);
        if (byMethod != null) {
            HttpRoute r = pick(byMethod, method);
            return new Lookup(r == null ? null : new Match(r, Map.of()), true);
        }
        String[] segments = path.split("/", -1);
        boolean known = false;
        synchronized (this) {
            for (Template t : templates) {
                Map<String, String> vars = bind(t.segments, segments);
                if (vars != null) {
                    known = true;
                    HttpRoute r = pick(t.byMethod, method);
                    if (r != null) {
                        return new Lookup(new Match(r, vars), true);
                    }
                }
            }
        }
        return new Lookup(null, known || ws.containsKey(path));
    }

    private static HttpRoute pick(Map<String, HttpRoute> byMethod, String method) {
        HttpRoute r = byMethod.get(method);
        if (r == null && method.equals("HEAD")) {
            r = byMethod.get("GET");
        }
        return r != null ? r : byMethod.get(ANY_METHOD);
    }

    private static Map<String, String> bind(String[] template, String[] actual) {
        if (template.length != actual.length) {
            return null;
        }
        Map<String, String> vars = new HashMap<>();
        for (int i = 0; i < template.length; i++) {
            String t = template[i];
            if (t.startsWith("{") && t.endsWith("}")) {
                if (actual[i].isEmpty()) {
                    return null;
                }
                vars.put(t.substring(1, t.length() - 1), actual[i]);
            } else if (!t.equals(actual[i])) {
                return null;
            }
        }
        return vars;
    }

    private static void checkPath(String path) {
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/") || path.contains("?") || path.contains("#")) {
            throw new IllegalArgumentException("route path must start with '/' and carry no query: '" + path + "'");
        }
    }
}
