package io.github.bilibiliapi.video;

import java.util.Optional;

/** Audio track ids of DASH answers. */
public enum AudioQuality {
    /** 64 kbps. */
    K64(30216),
    /** 132 kbps. */
    K132(30232),
    /** 192 kbps. */
    K192(30280),
    /** Dolby Atmos ({@code dash.dolby.audio[]}). */
    DOLBY(30250),
    /** Hi-Res lossless FLAC ({@code dash.flac.audio}). */
    HI_RES(30251);

    private final int id;

    AudioQuality(int id) {
        this.id = id;
    }

    /** @return the track id */
    public int id() {
        return id;
    }

    /**
     * @param id a track id
     * @return the quality, or empty when unknown
     */
    public static Optional<AudioQuality> ofId(int id) {
        for (AudioQuality a : values()) {
            if (a.id == id) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}
