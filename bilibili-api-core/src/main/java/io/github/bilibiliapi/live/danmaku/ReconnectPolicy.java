package io.github.bilibiliapi.live.danmaku;

import io.github.bilibiliapi.api.NetworkException;
import io.github.bilibiliapi.client.BiliClientException;
import io.github.bilibiliapi.live.open.OpenLiveException;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When to try again after a lost connection and how long to wait: exponential backoff with jitter, a cap on
 * consecutive failures, and no retries before the first success for errors a retry cannot fix.
 */
final class ReconnectPolicy {

    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final int maxAttempts;

    /** @param maxAttempts {@code -1} for unlimited */
    ReconnectPolicy(Duration initialBackoff, Duration maxBackoff, int maxAttempts) {
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.maxAttempts = maxAttempts;
    }

    /**
     * Whether to give up after the {@code failures}-th consecutive failure.
     *
     * @param retryable      false for errors that a retry cannot fix before the first success (room_init refusing)
     * @param neverConnected whether no attempt has succeeded yet
     */
    boolean giveUp(int failures, boolean retryable, boolean neverConnected, Throwable cause) {
        return (!retryable && neverConnected && cause != null && !isTransient(cause))
                || (maxAttempts >= 0 && failures > maxAttempts);
    }

    /** The delay before the attempt after the {@code failure}-th consecutive failure. */
    long delayMillis(int failure) {
        long base = initialBackoff.toMillis();
        long max = maxBackoff.toMillis();
        long d = failure >= 31 ? max : Math.min(max, base << Math.min(30, failure - 1));
        // up to 20 % jitter so that many clients do not reconnect in lockstep
        return d + (long) (d * 0.2 * ThreadLocalRandom.current().nextDouble());
    }

    /**
     * Trouble that a later attempt may not meet: I/O failures, timeouts, 5xx gateways, and the Open Platform's
     * server errors, cool-down and busy room (an old game times out within 60 s).
     */
    static boolean isTransient(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof java.io.IOException || c instanceof BiliClientException
                    || c instanceof java.util.concurrent.TimeoutException
                    || (c instanceof NetworkException n && n.status() >= 500)
                    || (c instanceof OpenLiveException o && (o.kind() == OpenLiveException.Kind.SERVER
                            || o.kind() == OpenLiveException.Kind.COOL_DOWN
                            || o.kind() == OpenLiveException.Kind.ROOM_BUSY))) {
                return true;
            }
        }
        return false;
    }
}
