package io.github.bilibiliapi.video;

import java.util.Optional;

/** Video codec of a DASH track ({@code codecid}). */
public enum VideoCodec {
    /** H.264 / AVC ({@code codecid} 7). */
    AVC(7),
    /** H.265 / HEVC ({@code codecid} 12). */
    HEVC(12),
    /** AV1 ({@code codecid} 13). */
    AV1(13);

    private final int id;

    VideoCodec(int id) {
        this.id = id;
    }

    /** @return bilibili's {@code codecid} */
    public int id() {
        return id;
    }

    /**
     * @param codecid a {@code codecid}
     * @return the codec, or empty when unknown (audio tracks carry 0)
     */
    public static Optional<VideoCodec> ofId(int codecid) {
        for (VideoCodec c : values()) {
            if (c.id == codecid) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
