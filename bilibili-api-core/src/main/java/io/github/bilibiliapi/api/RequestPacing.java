package io.github.bilibiliapi.api;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Polite pacing: at most one request per {@link #minInterval()} to each host, shared by every call of a context
 * (a token bucket of one token per host, refilled every interval). A long paging loop then runs at a rate bilibili
 * tolerates instead of tripping -412. Off by default ({@link #none()}); in Spring, {@code bilibili.request.min-interval}.
 *
 * <p>A request that must wait is delayed without blocking a thread; requests to different hosts do not wait for each
 * other.
 */
public final class RequestPacing {

    private static final RequestPacing NONE = new RequestPacing(Duration.ZERO, System::nanoTime);

    private final Duration minInterval;
    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Map<String, AtomicLong> nextSlot = new ConcurrentHashMap<>();

    private RequestPacing(Duration minInterval, LongSupplier nanoTime) {
        this.minInterval = minInterval;
        this.intervalNanos = minInterval.toNanos();
        this.nanoTime = nanoTime;
    }

    /** @return no pacing (the default) */
    public static RequestPacing none() {
        return NONE;
    }

    /**
     * @param minInterval the least time between two requests to one host; zero means no pacing
     * @return a pacing
     * @throws IllegalArgumentException if {@code minInterval} is negative
     */
    public static RequestPacing minInterval(Duration minInterval) {
        Objects.requireNonNull(minInterval, "minInterval");
        if (minInterval.isNegative()) {
            throw new IllegalArgumentException("minInterval must not be negative, got " + minInterval);
        }
        return minInterval.isZero() ? NONE : new RequestPacing(minInterval, System::nanoTime);
    }

    /** @return the least time between two requests to one host (zero = off) */
    public Duration minInterval() {
        return minInterval;
    }

    /** @return whether pacing is on */
    public boolean enabled() {
        return intervalNanos > 0;
    }

    /**
     * Reserves the next slot for {@code host}.
     *
     * @param host the request's host (after redirection)
     * @return nanoseconds to wait before sending (0 = now)
     */
    long reserve(String host) {
        if (intervalNanos <= 0) {
            return 0;
        }
        AtomicLong slot = nextSlot.computeIfAbsent(host == null ? "" : host, h -> new AtomicLong(Long.MIN_VALUE));
        long now = nanoTime.getAsLong();
        while (true) {
            long next = slot.get();
            long at = next == Long.MIN_VALUE || next - now < 0 ? now : next;
            if (slot.compareAndSet(next, at + intervalNanos)) {
                return at - now;
            }
        }
    }

    /**
     * @param host the request's host
     * @return completes when the request may be sent
     */
    CompletableFuture<Void> acquire(String host) {
        long wait = reserve(host);
        if (wait <= 0) {
            return CompletableFuture.completedFuture(null);
        }
        Executor later = CompletableFuture.delayedExecutor(wait, TimeUnit.NANOSECONDS);
        return CompletableFuture.runAsync(() -> { }, later);
    }

    @Override
    public String toString() {
        return enabled() ? "RequestPacing[minInterval=" + minInterval + " per host]" : "RequestPacing[off]";
    }
}
