package io.github.bilibiliapi.login;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * A QR login in progress: render {@link #url()} as a QR code (see {@link QrCodes}), let the user scan and confirm it
 * in the bilibili app, and {@link #poll()} or {@link #await(Duration)} until {@link QrLoginState#CONFIRMED} or
 * {@link QrLoginState#EXPIRED}.
 *
 * <p>Polls never overlap (a poll asked for while one runs gets the running one), because the answer that confirms the
 * login also uses up the key: a second request would only see "expired". Once the state is final, {@link #poll()}
 * returns it again without asking bilibili. Thread-safe. {@link #toString()} never shows the key.
 */
public final class QrLogin {

    private final LoginService service;
    private final String url;
    private final String key;
    private final Instant expiresAt;
    private final Duration pollInterval;
    private final Object lock = new Object();
    private CompletableFuture<QrPoll> inFlight;
    private volatile QrPoll last;

    QrLogin(LoginService service, String url, String key, Instant expiresAt, Duration pollInterval) {
        this.service = service;
        this.url = url;
        this.key = key;
        this.expiresAt = expiresAt;
        this.pollInterval = pollInterval;
    }

    /** @return the text to encode as the QR code (the app's scan page); contains the key, so treat it as secret */
    public String url() {
        return url;
    }

    /** @return the {@code qrcode_key} (a secret until the login ends: whoever polls with it gets the login) */
    public String qrcodeKey() {
        return key;
    }

    /** @return when the key expires (180 s after generation, by this process's clock) */
    public Instant expiresAt() {
        return expiresAt;
    }

    /** @return the last answer, or null before the first poll */
    public QrPoll lastPoll() {
        return last;
    }

    /**
     * Asks bilibili once where the login stands.
     *
     * @return the answer; CONFIRMED carries the complete credential (already saved in the service's store)
     */
    public CompletableFuture<QrPoll> poll() {
        synchronized (lock) {
            QrPoll done = last;
            if (done != null && done.state().isFinal()) {
                return CompletableFuture.completedFuture(done);
            }
            if (inFlight != null && !inFlight.isDone()) {
                return inFlight.thenApply(p -> p); // a copy: a caller's cancel must not cancel the shared poll
            }
            CompletableFuture<QrPoll> f = service.poll(key).thenApply(p -> {
                last = p;
                return p;
            });
            inFlight = f;
            return f.thenApply(p -> p);
        }
    }

    /**
     * Polls every poll interval of the service until the login is confirmed or expired, or {@code timeout} passes.
     *
     * @param timeout how long to wait at most (positive)
     * @return the final answer (CONFIRMED or EXPIRED), or the last one (NOT_SCANNED / SCANNED) when the time ran out;
     *         fails if a poll fails
     */
    public CompletableFuture<QrPoll> await(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        CompletableFuture<QrPoll> result = new CompletableFuture<>();
        step(deadline, result);
        return result;
    }

    private void step(long deadline, CompletableFuture<QrPoll> result) {
        if (result.isDone()) {
            return; // cancelled by the caller
        }
        poll().whenComplete((p, e) -> {
            if (e != null) {
                result.completeExceptionally(LoginService.unwrap(e));
                return;
            }
            long left = deadline - System.nanoTime();
            if (p.state().isFinal() || left <= 0) {
                result.complete(p);
                return;
            }
            long wait = Math.min(pollInterval.toNanos(), left);
            Executor later = CompletableFuture.delayedExecutor(wait, TimeUnit.NANOSECONDS);
            later.execute(() -> step(deadline, result));
        });
    }

    @Override
    public String toString() {
        QrPoll p = last;
        return "QrLogin[expiresAt=" + expiresAt + ", state=" + (p == null ? "not polled" : p.state()) + "]";
    }
}
