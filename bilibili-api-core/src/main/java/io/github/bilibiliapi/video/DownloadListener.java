package io.github.bilibiliapi.video;

/**
 * Receives a download's progress. Calls are serialized (one at a time, in order) and run on the downloader's
 * executor; a listener that throws is logged and ignored.
 */
@FunctionalInterface
public interface DownloadListener {

    /** A listener that ignores everything. */
    DownloadListener NONE = p -> { };

    /**
     * Called after each chunk is on disk.
     *
     * @param progress where the download stands
     */
    void onProgress(DownloadProgress progress);
}
