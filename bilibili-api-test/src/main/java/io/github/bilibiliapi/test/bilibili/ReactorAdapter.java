package io.github.bilibiliapi.test.bilibili;

import io.github.bilibiliapi.test.bilibili.FakeExchange.Response;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerResponse;

/** Writes a framework-neutral {@link Response} with Reactor Netty. */
final class ReactorAdapter {

    private ReactorAdapter() {
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
