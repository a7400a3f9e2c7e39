package io.github.bilibiliapi.client.internal;

import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Thread pools the backends own. Internal: not API. */
public final class DaemonThreads {

    private DaemonThreads() {
    }

    /**
     * A cached pool of daemon threads named {@code <prefix><n>}: no queue, threads end after 60 s idle (the shape of
     * OkHttp's dispatcher and of the JDK client's default executor), and {@code shutdown()} ends them all.
     *
     * @param prefix the thread name prefix
     * @return the pool
     */
    public static ThreadPoolExecutor cachedPool(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(), r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }
}
