package io.github.bilibiliapi.client.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The shared deadline sweep: a deadline fires once it is due and not before, a disarmed one never fires, a short
 * deadline armed after long ones still fires on time, and deadlines armed from many threads at once all fire.
 */
class DeadlinesTest {

    private final Deadlines deadlines = new Deadlines();

    /** Arms a deadline whose expiry completes the returned future with the nanoTime it ran at. */
    private CompletableFuture<Long> arm(Duration timeout, List<Runnable> cancels) {
        CompletableFuture<Long> fired = new CompletableFuture<>();
        cancels.add(deadlines.schedule(() -> fired.complete(System.nanoTime()), timeout));
        return fired;
    }

    @Test
    void firesOnceDueAndNotBefore() {
        long start = System.nanoTime();
        CompletableFuture<Long> fired = arm(Duration.ofMillis(150), new ArrayList<>());
        assertThat(fired).succeedsWithin(Duration.ofSeconds(5));
        assertThat(fired.join() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(150));
    }

    @Test
    void aDisarmedDeadlineNeverFires() throws InterruptedException {
        List<Runnable> cancels = new ArrayList<>();
        CompletableFuture<Long> disarmed = arm(Duration.ofMillis(50), cancels);
        cancels.get(0).run();
        cancels.get(0).run(); // twice is harmless
        // a later deadline's expiry proves the sweep ran past the disarmed one's time
        CompletableFuture<Long> later = arm(Duration.ofMillis(200), cancels);
        assertThat(later).succeedsWithin(Duration.ofSeconds(5));
        assertThat(disarmed).isNotDone();
    }

    @Test
    void aShortDeadlineArmedAfterLongOnesFiresOnTime() {
        List<Runnable> cancels = new ArrayList<>();
        CompletableFuture<Long> longOne = arm(Duration.ofHours(1), cancels);
        long start = System.nanoTime();
        CompletableFuture<Long> shortOne = arm(Duration.ofMillis(100), cancels);
        assertThat(shortOne).succeedsWithin(Duration.ofSeconds(5));
        assertThat(shortOne.join() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(100));
        assertThat(longOne).isNotDone();
        cancels.get(0).run();
    }

    @Test
    void aDeadlineTooLongToCountInNanosIsAccepted() {
        Runnable cancel = deadlines.schedule(() -> { }, Duration.ofSeconds(Long.MAX_VALUE));
        cancel.run();
    }

    @Test
    void deadlinesArmedFromManyThreadsAllFireOnceAndDisarmedOnesNever() throws InterruptedException {
        int threads = 8;
        int perThread = 500;
        AtomicInteger fired = new AtomicInteger();
        AtomicInteger wrongly = new AtomicInteger();
        CountDownLatch allFired = new CountDownLatch(threads * perThread / 2);
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> started = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            Thread thread = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < perThread; i++) {
                    if (i % 2 == 0) {
                        // spread over 0–49 ms, so sweeps run while others are being armed
                        deadlines.schedule(() -> {
                            fired.incrementAndGet();
                            allFired.countDown();
                        }, Duration.ofMillis(i % 50));
                    } else {
                        deadlines.schedule(wrongly::incrementAndGet, Duration.ofMillis(i % 50 + 20)).run();
                    }
                }
            });
            thread.start();
            started.add(thread);
        }
        go.countDown();
        for (Thread thread : started) {
            thread.join();
        }
        assertThat(allFired.await(10, TimeUnit.SECONDS)).isTrue();
        // a disarmed deadline is due at most 69 ms in; one more armed after them firing proves they were swept past
        CompletableFuture<Long> last = arm(Duration.ofMillis(100), new ArrayList<>());
        assertThat(last).succeedsWithin(Duration.ofSeconds(5));
        assertThat(fired).hasValue(threads * perThread / 2);
        assertThat(wrongly).hasValue(0);
    }
}
