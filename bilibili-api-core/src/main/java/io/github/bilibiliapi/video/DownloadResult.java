package io.github.bilibiliapi.video;

import java.nio.file.Path;
import java.time.Duration;

/**
 * A finished download.
 *
 * @param file         the target, complete
 * @param size         its size
 * @param etag         the server's ETag, or {@code null}
 * @param resumedBytes bytes kept from an earlier, interrupted run
 * @param refreshed    whether the URLs had expired and were fetched again
 * @param failovers    how many times a request moved on to another URL
 * @param elapsed      time of this run
 */
public record DownloadResult(Path file, long size, String etag, long resumedBytes, boolean refreshed, int failovers,
        Duration elapsed) {
}
