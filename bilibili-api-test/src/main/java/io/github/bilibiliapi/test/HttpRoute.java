package io.github.bilibiliapi.test;

import org.reactivestreams.Publisher;
import reactor.netty.http.server.HttpServerResponse;

/** Handler of one HTTP route. Runs on an event loop: never block; use {@link ServerContext#delay} for waits. */
@FunctionalInterface
public interface HttpRoute {

    /**
     * Answers a request.
     *
     * @param request  the parsed request; its body can be read once ({@link RouteRequest#body()} or
     *                 {@link RouteRequest#netty()})
     * @param response where to write the answer
     * @return completes when the answer is written; an error becomes a 500 if nothing was sent yet
     */
    Publisher<Void> handle(RouteRequest request, HttpServerResponse response);
}
