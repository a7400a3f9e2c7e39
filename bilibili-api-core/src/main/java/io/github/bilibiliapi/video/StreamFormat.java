package io.github.bilibiliapi.video;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Set;

/** The bits of the play-URL {@code fnval} parameter, with the values bilibili uses. */
public enum StreamFormat {
    /** MP4 (H.264 only); excludes {@link #DASH}. */
    MP4(1),
    /** DASH (separate video and audio tracks); excludes {@link #MP4}. */
    DASH(16),
    /** HDR video (DASH, HEVC). */
    HDR(64),
    /** 4K (also needs {@code fourk=1}). */
    FOUR_K(128),
    /** Dolby audio (DASH). */
    DOLBY_AUDIO(256),
    /** Dolby Vision (DASH). */
    DOLBY_VISION(512),
    /** 8K (DASH). */
    EIGHT_K(1024),
    /** AV1 codec (DASH). */
    AV1(2048);

    private final int bit;

    StreamFormat(int bit) {
        this.bit = bit;
    }

    /** @return the bit value in {@code fnval} */
    public int bit() {
        return bit;
    }

    /** @return every DASH flag: {@code fnval=4048}, what the web player sends */
    public static Set<StreamFormat> allDash() {
        return EnumSet.of(DASH, HDR, FOUR_K, DOLBY_AUDIO, DOLBY_VISION, EIGHT_K, AV1);
    }

    /**
     * @param formats flags
     * @return their {@code fnval}
     */
    public static int fnval(Collection<StreamFormat> formats) {
        int v = 0;
        for (StreamFormat f : formats) {
            v |= f.bit;
        }
        return v;
    }

    /**
     * @param fnval an {@code fnval}
     * @return the known flags set in it
     */
    public static Set<StreamFormat> of(int fnval) {
        EnumSet<StreamFormat> out = EnumSet.noneOf(StreamFormat.class);
        for (StreamFormat f : values()) {
            if ((fnval & f.bit) != 0) {
                out.add(f);
            }
        }
        return out;
    }
}
