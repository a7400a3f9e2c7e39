package io.github.bilibiliapi.test.bilibili;

import java.util.Objects;

/**
 * Outcome of checking one request's WBI signature.
 *
 * @param valid  whether the request would pass bilibili's check
 * @param reason {@code "ok"} or a short description of the first problem found (never contains cookies)
 */
public record WbiVerdict(boolean valid, String reason) {

    static final WbiVerdict OK = new WbiVerdict(true, "ok");

    /** Requires a reason. */
    public WbiVerdict {
        Objects.requireNonNull(reason, "reason");
    }

    static WbiVerdict fail(String reason) {
        return new WbiVerdict(false, reason);
    }
}
