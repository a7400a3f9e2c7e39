package io.github.bilibiliapi.live.danmaku;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.function.IntConsumer;

/**
 * One connection attempt: the socket it opened and the timers it started. Callbacks of an attempt that is no longer
 * the connection's current one are dropped ({@code DanmakuConnection#guard}); {@link #abandon()} cancels its timers
 * and closes its socket exactly once, whether the socket opens before or after.
 */
final class Attempt {

    private final IntConsumer closeSocket;
    private final List<ScheduledFuture<?>> timers = new ArrayList<>();
    private int handle = -1;
    private boolean abandoned;

    /** @param closeSocket closes a socket handle (never throws) */
    Attempt(IntConsumer closeSocket) {
        this.closeSocket = closeSocket;
    }

    /**
     * Takes an opened socket, on whatever thread opened it.
     *
     * @return false if the attempt was abandoned meanwhile (the socket is closed then)
     */
    boolean adopt(int h) {
        synchronized (this) {
            if (!abandoned) {
                handle = h;
                return true;
            }
        }
        closeSocket.accept(h);
        return false;
    }

    /** The socket, or -1 before it opened. */
    synchronized int handle() {
        return handle;
    }

    /** Adds a timer that {@link #abandon()} cancels (or cancels it at once if already abandoned). */
    void timer(ScheduledFuture<?> timer) {
        synchronized (this) {
            if (!abandoned) {
                timers.add(timer);
                return;
            }
        }
        timer.cancel(false);
    }

    /** Cancels the timers and closes the socket; idempotent. */
    void abandon() {
        int h;
        List<ScheduledFuture<?>> cancel;
        synchronized (this) {
            if (abandoned) {
                return;
            }
            abandoned = true;
            h = handle;
            handle = -1;
            cancel = new ArrayList<>(timers);
            timers.clear();
        }
        cancel.forEach(t -> t.cancel(false));
        if (h >= 0) {
            closeSocket.accept(h);
        }
    }
}
