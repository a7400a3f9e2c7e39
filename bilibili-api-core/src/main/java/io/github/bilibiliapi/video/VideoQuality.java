package io.github.bilibiliapi.video;

import java.util.Optional;

/**
 * Video quality, bilibili's {@code qn}. Each value says which account tier the web player needs for it and which
 * {@link StreamFormat} flag (if any) must be asked for.
 */
public enum VideoQuality {
    /** 240P, MP4 with {@code platform=html5} only. */
    Q240P(6, "240P", Tier.ANONYMOUS),
    /** 360P. */
    Q360P(16, "360P", Tier.ANONYMOUS),
    /** 480P. */
    Q480P(32, "480P", Tier.ANONYMOUS),
    /** 720P (needs a login on the web). */
    Q720P(64, "720P", Tier.LOGIN),
    /** 720P 60 fps. */
    Q720P60(74, "720P60", Tier.LOGIN),
    /** 1080P. */
    Q1080P(80, "1080P", Tier.LOGIN),
    /** AI-enhanced ("智能修复"). */
    AI_ENHANCED(100, "AI-enhanced", Tier.PREMIUM),
    /** 1080P+ high bit rate. */
    Q1080P_PLUS(112, "1080P+", Tier.PREMIUM),
    /** 1080P 60 fps. */
    Q1080P60(116, "1080P60", Tier.PREMIUM),
    /** 4K; needs {@link StreamFormat#FOUR_K} and {@code fourk=1}. */
    Q4K(120, "4K", Tier.PREMIUM),
    /** HDR; DASH with {@link StreamFormat#HDR}. */
    HDR(125, "HDR", Tier.PREMIUM),
    /** Dolby Vision; DASH with {@link StreamFormat#DOLBY_VISION}. */
    DOLBY_VISION(126, "Dolby Vision", Tier.PREMIUM),
    /** 8K; DASH with {@link StreamFormat#EIGHT_K}. */
    Q8K(127, "8K", Tier.PREMIUM);

    /** Who may watch a quality on the web player. */
    public enum Tier {
        /** Everyone. */
        ANONYMOUS,
        /** A logged-in account (SESSDATA). */
        LOGIN,
        /** A premium (大会员) account. */
        PREMIUM
    }

    private final int qn;
    private final String label;
    private final Tier tier;

    VideoQuality(int qn, String label, Tier tier) {
        this.qn = qn;
        this.label = label;
        this.tier = tier;
    }

    /** @return bilibili's {@code qn} value */
    public int qn() {
        return qn;
    }

    /** @return a short name such as {@code 1080P+} */
    public String label() {
        return label;
    }

    /** @return the account tier the web player needs for this quality */
    public Tier tier() {
        return tier;
    }

    /**
     * @param qn a {@code qn} value
     * @return the quality, or empty for a value this library does not know (bilibili adds new ones)
     */
    public static Optional<VideoQuality> ofQn(int qn) {
        for (VideoQuality q : values()) {
            if (q.qn == qn) {
                return Optional.of(q);
            }
        }
        return Optional.empty();
    }
}
