package io.github.bilibiliapi.test;

import org.reactivestreams.Publisher;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/** Handler of one WebSocket route, called after the upgrade. Never block: it runs on an event loop. */
@FunctionalInterface
public interface WebSocketRoute {

    /**
     * Drives one WebSocket session.
     *
     * @param request the upgrade request (query, headers, cookies)
     * @param in      frames from the client
     * @param out     frames to the client
     * @return completes when the session should end; the server then closes the connection
     */
    Publisher<Void> handle(RouteRequest request, WebsocketInbound in, WebsocketOutbound out);
}
