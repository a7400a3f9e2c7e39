package io.github.bilibiliapi.live.kafka;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs at most {@code limit} connects at once, the rest in submission order: after an assignment hundreds of rooms
 * connect together, and bilibili answers a burst of {@code getDanmuInfo} calls with risk control. A slot is freed when
 * the connect completes or after {@code slotTimeout} (a connect that keeps retrying must not hold it forever).
 */
final class ConnectGate {

    private final int limit;
    private final Duration slotTimeout;
    private final ArrayDeque<Supplier<CompletableFuture<?>>> queue = new ArrayDeque<>();
    private int running;

    ConnectGate(int limit, Duration slotTimeout) {
        this.limit = limit;
        this.slotTimeout = slotTimeout;
    }

    void submit(Supplier<CompletableFuture<?>> connect) {
        synchronized (this) {
            queue.add(connect);
        }
        pump();
    }

    synchronized void clear() {
        queue.clear();
    }

    synchronized int queued() {
        return queue.size();
    }

    private void pump() {
        while (true) {
            Supplier<CompletableFuture<?>> next;
            synchronized (this) {
                if (running >= limit || queue.isEmpty()) {
                    return;
                }
                next = queue.poll();
                running++;
            }
            CompletableFuture<?> f;
            try {
                f = next.get();
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            f.copy().orTimeout(slotTimeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((v, e) -> {
                synchronized (this) {
                    running--;
                }
                pump();
            });
        }
    }
}
