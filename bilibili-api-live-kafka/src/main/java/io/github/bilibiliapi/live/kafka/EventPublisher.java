package io.github.bilibiliapi.live.kafka;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;

/**
 * Publishes events with {@link KafkaTemplate}, at least once: a send that fails with a retriable error (after the
 * producer's own retries, i.e. its delivery timeout) is counted and sent again after a back-off, for as long as the
 * instance runs; one that can never succeed (too large, not serialisable, not authorised) is counted and logged. At
 * most {@code maxInFlight} events are pending; {@link #publish} blocks beyond that, which stops the calling connection
 * from reading its next frame: a slow broker slows reading instead of growing the heap.
 */
final class EventPublisher {

    private static final Logger log = LoggerFactory.getLogger(EventPublisher.class);
    private static final long PERMIT_POLL_MILLIS = 100;

    private final KafkaTemplate<String, String> template;
    private final String topic;
    private final Semaphore permits;
    private final Duration backoff;
    private final Duration maxBackoff;
    private final ClusterMetrics metrics;
    private final AtomicInteger pending = new AtomicInteger();
    private final Object idle = new Object();
    private final ScheduledExecutorService retries;
    private volatile boolean closed;

    EventPublisher(KafkaTemplate<String, String> template, LiveClusterSettings settings, ClusterMetrics metrics) {
        this.template = template;
        this.topic = settings.eventsTopic();
        this.permits = new Semaphore(settings.maxInFlight());
        this.backoff = settings.retryBackoff();
        this.maxBackoff = settings.maxRetryBackoff();
        this.metrics = metrics;
        this.retries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bili-live-cluster-retry");
            t.setDaemon(true);
            return t;
        });
    }

    /** Events handed to Kafka and not yet acknowledged. */
    int pending() {
        return pending.get();
    }

    /**
     * Publishes one event; blocks while {@code maxInFlight} events are pending.
     *
     * @param e the event
     */
    void publish(ClusterEvent e) {
        String json = e.toJson();
        try {
            while (!permits.tryAcquire(PERMIT_POLL_MILLIS, TimeUnit.MILLISECONDS)) {
                if (closed) {
                    abandon(e, "the watcher stopped while the event waited for the broker");
                    return;
                }
            }
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            abandon(e, "interrupted while waiting for the broker");
            return;
        }
        pending.incrementAndGet();
        send(e, json, 0);
    }

    private void send(ClusterEvent e, String json, int attempt) {
        CompletableFuture<SendResult<String, String>> f;
        try {
            f = template.send(topic, Long.toString(e.room()), json);
        } catch (RuntimeException thrown) {
            // send() itself fails when the producer's buffer stays full or metadata is missing for max.block.ms
            f = CompletableFuture.failedFuture(thrown);
        }
        f.whenComplete((result, error) -> {
            if (error == null) {
                metrics.eventsOut.increment();
                done();
            } else {
                failed(e, json, attempt, unwrap(error));
            }
        });
    }

    private void failed(ClusterEvent e, String json, int attempt, Throwable cause) {
        if (closed) {
            abandon(e, "the watcher stopped while the publish was being retried (" + cause + ")");
            done();
            return;
        }
        if (!retriable(cause)) {
            metrics.publishRejected.increment();
            log.error("event {} ({} of room {}) cannot be published to {} and is skipped: {}", e.id(), e.type(),
                    e.room(), topic, cause.toString());
            done();
            return;
        }
        metrics.publishRetried.increment();
        long delay = Math.min(maxBackoff.toMillis(), backoff.toMillis() << Math.min(attempt, 20));
        if (attempt == 0) {
            log.warn("publishing event {} of room {} failed, retrying: {}", e.id(), e.room(), cause.toString());
        }
        try {
            retries.schedule(() -> send(e, json, attempt + 1), delay, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopped) {
            abandon(e, "the watcher stopped while the publish was being retried (" + cause + ")");
            done();
        }
    }

    private static boolean retriable(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause()) {
            if (t instanceof RetriableException) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        // a KafkaException without a retriable cause (e.g. a closed producer) is not retried; anything else unknown
        // is retried, since at-least-once prefers a duplicate to a loss
        return !(cause instanceof KafkaException) && !(cause instanceof IllegalArgumentException);
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        // Spring wraps the producer's exception in KafkaProducerException
        if (t instanceof org.springframework.kafka.KafkaException && t.getCause() != null) {
            return t.getCause();
        }
        return t;
    }

    private void abandon(ClusterEvent e, String why) {
        metrics.publishAbandoned.increment();
        log.warn("event {} ({} of room {}) was not published: {}", e.id(), e.type(), e.room(), why);
    }

    private void done() {
        permits.release();
        if (pending.decrementAndGet() == 0) {
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }

    /**
     * Waits until nothing is pending.
     *
     * @param timeout the bound
     * @return whether everything was acknowledged in time
     */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        template.flush();
        synchronized (idle) {
            while (pending.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                idle.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
        return true;
    }

    /**
     * Drains for up to {@code timeout}, then stops retrying: what is still pending is counted as abandoned and
     * logged.
     *
     * @param timeout the drain bound
     */
    void close(Duration timeout) {
        try {
            if (!awaitIdle(timeout)) {
                log.warn("{} events still pending after {} ms; they are abandoned as their retries come due",
                        pending.get(), timeout.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closed = true;
        // retries due now run once more and abandon (closed is set); later ones are cancelled and counted here
        int cancelled = retries.shutdownNow().size();
        if (cancelled > 0) {
            metrics.publishAbandoned.increment(cancelled);
            log.warn("{} events waiting for a publish retry were not published: the watcher stopped", cancelled);
        }
    }
}
