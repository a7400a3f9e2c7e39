package io.github.bilibiliapi.video;

import java.util.List;
import java.util.Objects;

/**
 * One file of an MP4/FLV answer ({@code durl[]}).
 *
 * @param order      1-based position
 * @param lengthMs   duration in milliseconds
 * @param size       bytes
 * @param baseUrl    primary URL
 * @param backupUrls mirrors ({@code backup_url}; empty when {@code null})
 * @param origin     where it came from, or {@code null}
 */
public record DurlSegment(int order, long lengthMs, long size, String baseUrl, List<String> backupUrls,
        StreamOrigin origin) implements MediaStream {

    /**
     * Validates.
     *
     * @param order      see above
     * @param lengthMs   see above
     * @param size       see above
     * @param baseUrl    see above
     * @param backupUrls see above
     * @param origin     see above
     */
    public DurlSegment {
        Objects.requireNonNull(baseUrl, "baseUrl");
        backupUrls = List.copyOf(backupUrls);
    }

    @Override
    public String key() {
        return "durl-" + order;
    }

    /** Shows the position and size, not the signed URLs. */
    @Override
    public String toString() {
        return "DurlSegment[" + order + ", " + size + " bytes, " + lengthMs + " ms]";
    }
}
