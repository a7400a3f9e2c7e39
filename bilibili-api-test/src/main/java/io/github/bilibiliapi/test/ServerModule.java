package io.github.bilibiliapi.test;

/**
 * A bundle of routes plugged into a {@link FakeBilibiliServer}.
 *
 * <p>Each server instance calls {@link #register} exactly once, before it binds, so a module may keep per-server
 * state in its own fields (tests reach it through {@link FakeBilibiliServer#module(Class)}). Every route a module
 * registers sits behind the server's interceptor, so scripted faults, counters and request recording apply to it
 * without the module doing anything.
 */
@FunctionalInterface
public interface ServerModule {

    /**
     * Adds this module's routes.
     *
     * @param routes where to add HTTP and WebSocket routes
     * @param ctx    server-wide facilities (base URLs, JSON mapper, timers) usable from route handlers
     */
    void register(RouteRegistry routes, ServerContext ctx);
}
