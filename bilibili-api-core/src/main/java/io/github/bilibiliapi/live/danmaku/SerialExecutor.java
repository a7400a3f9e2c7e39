package io.github.bilibiliapi.live.danmaku;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs tasks one at a time, in submission order, on an underlying executor (which may have many threads: a user's
 * shared scheduler). All of a connection's state changes and listener calls go through one of these, so the connection
 * needs no locks. Once {@link #close() closed} it drops new tasks: after {@code disconnect()} nothing of ours runs.
 */
final class SerialExecutor implements Executor {

    private static final Logger LOG = LoggerFactory.getLogger(SerialExecutor.class);

    private final Executor delegate;
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private boolean running;
    private boolean closed;

    SerialExecutor(Executor delegate) {
        this.delegate = delegate;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (queue) {
            if (closed) {
                LOG.trace("dropping a task submitted after close");
                return;
            }
            queue.add(task);
            if (running) {
                return;
            }
            running = true;
        }
        try {
            delegate.execute(this::drain);
        } catch (RejectedExecutionException e) {
            synchronized (queue) {
                running = false;
                queue.clear();
            }
            // the user's executor was shut down under us: nothing more can run, say so once per task
            LOG.warn("danmaku executor rejected a task; the connection can no longer make progress", e);
        }
    }

    /** Stops accepting tasks and forgets queued ones; the task running now (if any) finishes. */
    void close() {
        synchronized (queue) {
            closed = true;
            queue.clear();
        }
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (queue) {
                next = queue.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                // a bug of ours: log it loudly and keep the executor alive for the next task
                LOG.error("unexpected error in a danmaku task", e);
            } catch (Error e) {
                synchronized (queue) {
                    running = false;
                }
                throw e;
            }
        }
    }
}
