package io.github.bilibiliapi.video;

import java.util.concurrent.CompletableFuture;

/** A running download: its result and a way to cancel it. */
public final class DownloadTask {

    private final CompletableFuture<DownloadResult> result;
    private final Runnable canceller;

    DownloadTask(CompletableFuture<DownloadResult> result, Runnable canceller) {
        this.result = result;
        this.canceller = canceller;
    }

    /**
     * @return completes with the result, or fails with {@link DownloadException} (or the client's error), or
     *         {@link java.util.concurrent.CancellationException} after {@link #cancel()}
     */
    public CompletableFuture<DownloadResult> result() {
        return result;
    }

    /** Waits for the result. @return the result */
    public DownloadResult join() {
        return result.join();
    }

    /**
     * Stops the download: no new chunk starts, chunks in flight are dropped, the file handle is closed and the partial
     * file is kept so a later {@link VideoDownloader#download} resumes it. The result fails with a
     * {@link java.util.concurrent.CancellationException} once nothing runs any more.
     */
    public void cancel() {
        canceller.run();
    }
}
