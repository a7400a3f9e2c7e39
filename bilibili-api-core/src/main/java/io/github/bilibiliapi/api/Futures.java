package io.github.bilibiliapi.api;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Future helpers of the Api layer. {@link #then} and {@link #accept} run their function at once, on the calling
 * thread, when the future is already complete (a cached WBI key, buvid or bili_ticket): the common path of a call then
 * builds no completion stages before the exchange.
 */
final class Futures {

    private Futures() {
    }

    /**
     * @return {@code next} applied to the value: now if {@code f} completed normally, else when it does; a failure of
     *         {@code f} or an exception thrown by {@code next} fails the result
     */
    static <T, R> CompletableFuture<R> then(CompletableFuture<T> f, Function<? super T, CompletableFuture<R>> next) {
        if (f.isDone() && !f.isCompletedExceptionally()) {
            try {
                return next.apply(f.join());
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return f.thenCompose(next);
    }

    /**
     * @return null when {@code use} took the value now ({@code f} completed normally), else the stage that gives it
     *         the value (or fails) when {@code f} completes
     */
    static <T> CompletableFuture<?> accept(CompletableFuture<T> f, Consumer<T> use) {
        if (f.isDone() && !f.isCompletedExceptionally()) {
            use.accept(f.join());
            return null;
        }
        return f.thenAccept(use);
    }

    /** @return the cause under any {@link CompletionException} / {@link ExecutionException} wrappers */
    static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof CompletionException || c instanceof ExecutionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }

    /** @return a future that fails with the real cause, not a {@link CompletionException} wrapper */
    static <T> CompletableFuture<T> unwrapped(CompletableFuture<T> f) {
        if (f.isDone() && !f.isCompletedExceptionally()) {
            return f;
        }
        CompletableFuture<T> out = new CompletableFuture<>();
        f.whenComplete((v, e) -> {
            if (e != null) {
                out.completeExceptionally(unwrap(e));
            } else {
                out.complete(v);
            }
        });
        return out;
    }

    /** @return a future that runs {@code call} and fails with what it throws instead of throwing */
    static <T> CompletableFuture<T> guarded(java.util.function.Supplier<CompletableFuture<T>> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
