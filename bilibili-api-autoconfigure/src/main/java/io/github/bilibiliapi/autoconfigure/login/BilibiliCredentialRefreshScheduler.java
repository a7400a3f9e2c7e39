package io.github.bilibiliapi.autoconfigure.login;

import io.github.bilibiliapi.login.CredentialRefresher;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Runs {@link CredentialRefresher#refreshIfNeeded()} on its own daemon thread every check interval, while the
 * application context runs; stops with it. A failure is logged (step and code, never a secret) and the next check
 * tries again; the stored credential is never lost by a failed refresh.
 */
public final class BilibiliCredentialRefreshScheduler implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(BilibiliCredentialRefreshScheduler.class);

    private final CredentialRefresher refresher;
    private final Boolean enabled;
    private final Duration initialDelay;
    private final Duration interval;
    private volatile ScheduledExecutorService executor;

    /**
     * @param refresher    the refresher
     * @param enabled      true = always, null = when the store has a refresh token at check time
     * @param initialDelay first check after start
     * @param interval     between checks (positive)
     */
    public BilibiliCredentialRefreshScheduler(CredentialRefresher refresher, Boolean enabled, Duration initialDelay,
            Duration interval) {
        if (interval == null || interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("bilibili.credential.refresh.check-interval must be positive, got "
                    + interval);
        }
        if (initialDelay == null || initialDelay.isNegative()) {
            throw new IllegalArgumentException("bilibili.credential.refresh.initial-delay must not be negative, got "
                    + initialDelay);
        }
        this.refresher = refresher;
        this.enabled = enabled;
        this.initialDelay = initialDelay;
        this.interval = interval;
    }

    /** One check, as the schedule runs it (for tests and manual triggers). */
    public void checkNow() {
        if (enabled == null && !refresher.store().credential().hasRefreshToken()) {
            return; // nothing to refresh with: a fixed credential pasted from a browser
        }
        if (!refresher.store().credential().hasSessdata()) {
            return;
        }
        try {
            refresher.refreshIfNeeded().get(5, TimeUnit.MINUTES);
        } catch (java.util.concurrent.ExecutionException e) {
            LOG.warn("bilibili cookie refresh failed, trying again in {}: {}", interval, e.getCause().getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException | java.util.concurrent.TimeoutException e) {
            LOG.warn("bilibili cookie refresh failed, trying again in {}: {}", interval, e.getClass().getSimpleName());
        }
    }

    @Override
    public void start() {
        ScheduledExecutorService ex = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "bilibili-credential-refresh");
            t.setDaemon(true);
            return t;
        });
        ex.scheduleWithFixedDelay(this::checkNow, initialDelay.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
        executor = ex;
    }

    @Override
    public void stop() {
        ScheduledExecutorService ex = executor;
        executor = null;
        if (ex != null) {
            ex.shutdownNow();
            try {
                ex.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return executor != null;
    }
}
