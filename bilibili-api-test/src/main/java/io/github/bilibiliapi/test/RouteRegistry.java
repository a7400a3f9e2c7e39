package io.github.bilibiliapi.test;

/**
 * Where a {@link ServerModule} adds its routes.
 *
 * <p>Paths are matched exactly against the request path (the part before {@code ?}, undecoded); a segment written
 * {@code {name}} matches any single non-empty segment and is available as {@link RouteRequest#pathVariable(String)}.
 * Exact paths win over templates. Registering the same method and path twice is an error.
 */
public interface RouteRegistry {

    /** Method wildcard for {@link #http(String, String, HttpRoute)}: the route answers every method. */
    String ANY_METHOD = "*";

    /**
     * Adds an HTTP route.
     *
     * @param method upper-case HTTP method such as {@code GET}, or {@link #ANY_METHOD}
     * @param path   path starting with {@code /}, optionally with {@code {name}} segments
     * @param route  the handler
     * @return this registry
     * @throws IllegalArgumentException if the method or path is malformed
     * @throws IllegalStateException    if the method and path are already taken
     */
    RouteRegistry http(String method, String path, HttpRoute route);

    /**
     * Adds a {@code GET} route.
     *
     * @param path  see {@link #http(String, String, HttpRoute)}
     * @param route the handler
     * @return this registry
     */
    default RouteRegistry get(String path, HttpRoute route) {
        return http("GET", path, route);
    }

    /**
     * Adds a {@code POST} route.
     *
     * @param path  see {@link #http(String, String, HttpRoute)}
     * @param route the handler
     * @return this registry
     */
    default RouteRegistry post(String path, HttpRoute route) {
        return http("POST", path, route);
    }

    /**
     * Adds a route answering every method.
     *
     * @param path  see {@link #http(String, String, HttpRoute)}
     * @param route the handler
     * @return this registry
     */
    default RouteRegistry any(String path, HttpRoute route) {
        return http(ANY_METHOD, path, route);
    }

    /**
     * Adds a WebSocket route: a {@code GET} with {@code Upgrade: websocket} on this exact path is upgraded (maximum
     * frame payload {@link FakeBilibiliServer#MAX_WS_FRAME_PAYLOAD}) and handed to {@code route}. A plain request to
     * the same path falls through to an HTTP route there, if any, else 404.
     *
     * @param path  exact path starting with {@code /}
     * @param route the handler
     * @return this registry
     * @throws IllegalStateException if the path is already taken by a WebSocket route
     */
    RouteRegistry ws(String path, WebSocketRoute route);
}
