package io.github.bilibiliapi.client.okhttp;

import io.github.bilibiliapi.client.internal.FrozenMap;
import io.github.bilibiliapi.client.support.Exchange;
import java.util.Map;
import okhttp3.Headers;

/**
 * Request headers as OkHttp takes them. The calls of one account share one frozen header map (their cookies
 * included), so the form built for the last such map is kept and used again while calls send that same map.
 */
final class SentHeaders {

    /** A frozen map and OkHttp's form of it. */
    private record Built(Map<String, String> from, Headers headers) {
    }

    private volatile Built last;

    /**
     * @param given the request's headers ({@link Exchange#headers()})
     * @param type  its {@code Content-Type} ({@link Exchange#contentType()}), or {@code null}
     * @return both as OkHttp's {@link Headers}
     */
    Headers of(Map<String, String> given, String type) {
        Built previous = last;
        if (type == null && previous != null && previous.from() == given) {
            return previous.headers();
        }
        Headers.Builder h = new Headers.Builder();
        // unsafe: header values are the caller's (bilibili's Referer/User-Agent may carry non-ASCII)
        given.forEach(h::addUnsafeNonAscii);
        if (type != null) {
            return h.addUnsafeNonAscii("Content-Type", type).build(); // a body without a type of its own
        }
        Headers built = h.build();
        if (given instanceof FrozenMap) { // immutable: the same map is the same headers
            last = new Built(given, built);
        }
        return built;
    }
}
