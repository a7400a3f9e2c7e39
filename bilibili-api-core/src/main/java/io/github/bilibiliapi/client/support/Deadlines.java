package io.github.bilibiliapi.client.support;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The deadlines of the calls of every client without a timer of its own: a set of pending deadlines and one sweep,
 * run on the JDK's {@link CompletableFuture} timer thread when the earliest of them is due. Arming and disarming a
 * deadline add to and remove from a concurrent set, without a lock and without touching the timer: the timer's
 * queue is a lock every call would otherwise take twice, from as many threads as calls are in flight. Calls whose
 * deadlines all lie behind the one already set (the usual case: one timeout for every call) schedule nothing.
 */
final class Deadlines {

    /** The one instance: deadlines of all clients share the sweep. */
    static final Deadlines SHARED = new Deadlines();

    /** A timeout this long (about 146 years) never fires; longer ones are capped to it. */
    private static final long FOREVER_NANOS = Long.MAX_VALUE / 2;

    private final Set<Deadline> pending = ConcurrentHashMap.newKeySet();
    /** The sweep scheduled next, {@code null} when none is. */
    private final AtomicReference<Sweep> next = new AtomicReference<>();

    /** An armed deadline; {@link #run()} disarms it. */
    private final class Deadline implements Runnable {
        final long at;
        final Runnable expiry;
        private final int hash = ThreadLocalRandom.current().nextInt();

        Deadline(long at, Runnable expiry) {
            this.at = at;
            this.expiry = expiry;
        }

        @Override
        public void run() {
            pending.remove(this);
        }

        @Override
        public int hashCode() {
            return hash; // not the identity hash: that would write the object's header on every call
        }

        @Override
        public boolean equals(Object o) {
            return this == o;
        }
    }

    /** One scheduled sweep and when it runs. */
    private record Sweep(long at) {
    }

    /**
     * Runs {@code expiry} once {@code timeout} has passed, unless the returned action runs first.
     *
     * @param expiry  what to run, on the JDK's timer thread
     * @param timeout after how long
     * @return disarms the deadline; cheap and safe to call more than once
     */
    Runnable schedule(Runnable expiry, Duration timeout) {
        long nanos;
        try {
            nanos = Math.min(timeout.toNanos(), FOREVER_NANOS);
        } catch (ArithmeticException tooLong) {
            nanos = FOREVER_NANOS;
        }
        Deadline d = new Deadline(System.nanoTime() + nanos, expiry);
        pending.add(d);
        sweepBy(d.at);
        return d;
    }

    /**
     * Makes sure a sweep runs no later than {@code at}. A sweep already scheduled for then or earlier covers it: it
     * either finds the deadline due or schedules the next sweep for the earliest one it finds.
     */
    private void sweepBy(long at) {
        while (true) {
            Sweep current = next.get();
            if (current != null && current.at - at <= 0) {
                return;
            }
            Sweep sweep = new Sweep(at);
            if (next.compareAndSet(current, sweep)) {
                // a sweep superseded here still runs, finds nothing due and leaves the schedule to this one
                long delay = Math.max(0, at - System.nanoTime());
                CompletableFuture.delayedExecutor(delay, TimeUnit.NANOSECONDS, Runnable::run)
                        .execute(() -> sweep(sweep));
                return;
            }
        }
    }

    private void sweep(Sweep self) {
        // cleared before the scan: a deadline armed from here on that finds no sweep schedules one, and one that
        // found this sweep still set was added before the scan starts, so the scan sees it
        next.compareAndSet(self, null);
        long now = System.nanoTime();
        long earliest = 0;
        boolean any = false;
        for (Deadline d : pending) {
            if (d.at - now <= 0) {
                if (pending.remove(d)) { // a deadline disarmed meanwhile does not fire
                    try {
                        d.expiry.run();
                    } catch (RuntimeException e) { // one failing expiry must not keep the others from running
                        Thread t = Thread.currentThread();
                        t.getUncaughtExceptionHandler().uncaughtException(t, e);
                    }
                }
            } else if (!any || d.at - earliest < 0) {
                earliest = d.at;
                any = true;
            }
        }
        if (any) {
            sweepBy(earliest);
        }
    }
}
