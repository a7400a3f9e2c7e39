package io.github.bilibiliapi.test.bilibili;

import io.github.bilibiliapi.test.bilibili.FakeExchange.Request;
import io.github.bilibiliapi.test.bilibili.FakeExchange.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/** Bridges Reactor Netty to the framework-neutral {@link BilibiliRoutes}. */
final class ReactorAdapter {

    private ReactorAdapter() {
    }

    /** Path of a request target (origin-form or absolute-form), without query; not decoded. */
    static String path(String uri) {
        String target = stripAuthority(uri);
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /** Raw query of a request target, as received, without {@code ?}; empty when there is none. */
    static String rawQuery(String uri) {
        String target = stripAuthority(uri);
        int q = target.indexOf('?');
        return q < 0 ? "" : target.substring(q + 1);
    }

    private static String stripAuthority(String uri) {
        int scheme = uri.indexOf("://");
        if (scheme > 0 && scheme < 8) {
            int slash = uri.indexOf('/', scheme + 3);
            return slash < 0 ? "/" : uri.substring(slash);
        }
        return uri;
    }

    /** Reads the whole body, runs the route, writes the answer; {@code null} route result becomes HTTP 404. */
    static Publisher<Void> serve(BilibiliRoutes routes, HttpServerRequest in, HttpServerResponse out) {
        return in.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0]).flatMap(body -> {
            Map<String, String> headers = new LinkedHashMap<>();
            in.requestHeaders().forEach(h -> headers.putIfAbsent(h.getKey(), h.getValue()));
            Request request = new Request(in.method().name(), path(in.uri()), rawQuery(in.uri()), headers, body);
            Response response = routes.handle(request);
            if (response == null) {
                response = Response.text(404, "text/plain; charset=utf-8", "no bilibili route for " + request.path());
            }
            return write(response, "HEAD".equals(request.method()), out);
        });
    }

    static Mono<Void> write(Response response, boolean head, HttpServerResponse out) {
        out.status(response.status());
        for (Map.Entry<String, String> h : response.headers()) {
            out.addHeader(h.getKey(), h.getValue());
        }
        out.header("Content-Length", Integer.toString(response.body().length));
        if (head) {
            return Mono.from(out.send());
        }
        return Mono.from(out.sendByteArray(Mono.just(response.body())));
    }
}
