package io.github.bilibiliapi.api;

import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A cached asynchronous value fetched at most once at a time: callers arriving while a fetch runs share it; a
 * failed fetch is not cached; a value can be invalidated by generation, so many callers that saw the same stale
 * value cause one re-fetch, not one each.
 *
 * @param <T> the value type
 */
final class SingleFlight<T> {

    /** A value (or its pending fetch) and the generation that produced it. */
    record Slot<T>(CompletableFuture<T> future, long generation) {
    }

    /** Written under the lock; read without it on the fast path (every API call reads three of these). */
    private volatile Slot<T> current;
    private long generations;

    /**
     * @param loader     starts a fetch (called outside the lock, at most once per generation)
     * @param stillValid whether a completed value may still be used (e.g. not expired)
     * @return the slot to wait on
     */
    Slot<T> get(Supplier<CompletableFuture<T>> loader, Predicate<T> stillValid) {
        // lock-free when the value is usable: with many calling threads on few cores, a lock taken on every call
        // is a point where a preempted holder parks the others
        Slot<T> seen = current;
        if (usable(seen, stillValid)) {
            return seen;
        }
        CompletableFuture<T> promise;
        Slot<T> slot;
        synchronized (this) {
            Slot<T> c = current;
            if (usable(c, stillValid)) {
                return c;
            }
            promise = new CompletableFuture<>();
            slot = new Slot<>(promise, ++generations);
            current = slot;
        }
        CompletableFuture<T> started;
        try {
            started = loader.get();
        } catch (RuntimeException e) {
            started = CompletableFuture.failedFuture(e);
        }
        started.whenComplete((v, e) -> {
            if (e != null) {
                synchronized (this) {
                    if (current == slot) {
                        current = null; // failures are not cached
                    }
                }
                promise.completeExceptionally(e);
            } else {
                promise.complete(v);
            }
        });
        return slot;
    }

    /** @return whether callers may wait on the slot: a fetch in flight, or a value still valid */
    private static <T> boolean usable(Slot<T> c, Predicate<T> stillValid) {
        if (c == null) {
            return false;
        }
        CompletableFuture<T> f = c.future;
        if (!f.isDone()) {
            return true;
        }
        return !f.isCompletedExceptionally() && !f.isCancelled() && stillValid.test(f.join());
    }

    /** @param generation the generation found stale; ignored when a newer one is already current */
    synchronized void invalidate(long generation) {
        if (current != null && current.generation == generation) {
            current = null;
        }
    }

    /** @param value a value learnt elsewhere (e.g. WBI keys from a ticket answer) */
    synchronized void put(T value) {
        current = new Slot<>(CompletableFuture.completedFuture(value), ++generations);
    }

    /** Forgets the current value. */
    synchronized void clear() {
        current = null;
    }

    /** @return the current value when one is completed successfully, else null */
    T peek() {
        Slot<T> c = current;
        if (c == null || !c.future.isDone() || c.future.isCompletedExceptionally() || c.future.isCancelled()) {
            return null;
        }
        return c.future.join();
    }
}
