package io.github.bilibiliapi.video;

import java.time.Duration;
import java.util.Optional;

/**
 * A download's progress, reported after each chunk.
 *
 * @param bytesDone      bytes on disk (including those kept from an earlier, interrupted run)
 * @param totalBytes     the file's size
 * @param bytesPerSecond rate of this run so far
 * @param resumedBytes   bytes kept from an earlier run
 */
public record DownloadProgress(long bytesDone, long totalBytes, double bytesPerSecond, long resumedBytes) {

    /** @return the estimated time left, empty while the rate is unknown */
    public Optional<Duration> eta() {
        if (bytesPerSecond <= 0) {
            return Optional.empty();
        }
        return Optional.of(Duration.ofMillis((long) ((totalBytes - bytesDone) * 1000.0 / bytesPerSecond)));
    }

    /** @return done / total in [0, 1] */
    public double fraction() {
        return totalBytes <= 0 ? 0 : (double) bytesDone / totalBytes;
    }
}
