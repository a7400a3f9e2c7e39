package io.github.bilibiliapi.video;

import java.util.List;

/**
 * One 6-minute segment of a video's danmaku ({@code DmSegMobileReply}).
 *
 * @param index    1-based segment index (segment n covers {@code (n-1)*6} to {@code n*6} minutes)
 * @param danmaku  the danmaku in the order received
 * @param closed   whether the uploader closed the danmaku ({@code state = 1})
 */
public record DanmakuSegment(int index, List<VideoDanmaku> danmaku, boolean closed) {

    /** Length of a segment in milliseconds. */
    public static final int SEGMENT_MS = 6 * 60 * 1000;

    /**
     * Copies the list.
     *
     * @param index   see above
     * @param danmaku see above
     * @param closed  see above
     */
    public DanmakuSegment {
        danmaku = List.copyOf(danmaku);
    }
}
