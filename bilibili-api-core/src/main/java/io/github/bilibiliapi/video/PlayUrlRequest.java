package io.github.bilibiliapi.video;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What to ask {@code /x/player/wbi/playurl} for.
 *
 * @param quality  the wanted quality ({@code qn}); DASH answers carry every quality the account may watch anyway
 * @param formats  the {@code fnval} flags; {@link StreamFormat#MP4} and {@link StreamFormat#DASH} exclude each other
 * @param fourk    {@code fourk=1}: allow 4K
 * @param platform {@code pc} (the CDN checks the Referer) or {@code html5} (MP4 only, no Referer check)
 */
public record PlayUrlRequest(VideoQuality quality, Set<StreamFormat> formats, boolean fourk, String platform) {

    /**
     * Validates.
     *
     * @param quality  see above
     * @param formats  see above
     * @param fourk    see above
     * @param platform see above
     * @throws IllegalArgumentException when MP4 and DASH are both set, neither is set, a DASH-only flag is asked with
     *                                  MP4, or the platform is not {@code pc}/{@code html5}
     */
    public PlayUrlRequest {
        Objects.requireNonNull(quality, "quality");
        Objects.requireNonNull(formats, "formats");
        Objects.requireNonNull(platform, "platform");
        formats = formats.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(formats));
        boolean mp4 = formats.contains(StreamFormat.MP4);
        boolean dash = formats.contains(StreamFormat.DASH);
        if (mp4 == dash) {
            throw new IllegalArgumentException("formats must contain exactly one of MP4 and DASH, got " + formats);
        }
        if (mp4 && formats.size() > 1 && !(formats.size() == 2 && formats.contains(StreamFormat.FOUR_K))) {
            throw new IllegalArgumentException("formats: only FOUR_K combines with MP4, got " + formats);
        }
        if (!platform.equals("pc") && !platform.equals("html5")) {
            throw new IllegalArgumentException("platform must be pc or html5, got " + platform);
        }
        if (platform.equals("html5") && dash) {
            throw new IllegalArgumentException("platform html5 serves MP4 only, formats ask for DASH");
        }
    }

    /** @return the {@code fnval} */
    public int fnval() {
        return StreamFormat.fnval(formats);
    }

    /** @return what the web player asks: every DASH flag, 4K allowed, up to 8K, platform pc */
    public static PlayUrlRequest dash() {
        return builder().build();
    }

    /**
     * @param quality the wanted quality
     * @return an MP4 (durl) request for {@code quality}
     */
    public static PlayUrlRequest mp4(VideoQuality quality) {
        return builder().quality(quality).formats(EnumSet.of(StreamFormat.MP4)).fourk(false).build();
    }

    /** @return a builder starting from {@link #dash()}'s values */
    public static Builder builder() {
        return new Builder();
    }

    /** Builder of {@link PlayUrlRequest}. */
    public static final class Builder {
        private VideoQuality quality = VideoQuality.Q8K;
        private Set<StreamFormat> formats = StreamFormat.allDash();
        private boolean fourk = true;
        private String platform = "pc";

        private Builder() {
        }

        /** @param v the wanted quality @return this */
        public Builder quality(VideoQuality v) {
            quality = Objects.requireNonNull(v, "quality");
            return this;
        }

        /**
         * @param qn a {@code qn} value
         * @return this
         * @throws IllegalArgumentException when {@code qn} is negative or not a known quality
         */
        public Builder qn(int qn) {
            if (qn < 0) {
                throw new IllegalArgumentException("qn must not be negative, got " + qn);
            }
            quality = VideoQuality.ofQn(qn).orElseThrow(
                    () -> new IllegalArgumentException("qn " + qn + " is not a known quality"));
            return this;
        }

        /** @param v the {@code fnval} flags @return this */
        public Builder formats(Set<StreamFormat> v) {
            formats = Objects.requireNonNull(v, "formats");
            return this;
        }

        /** @param v allow 4K @return this */
        public Builder fourk(boolean v) {
            fourk = v;
            return this;
        }

        /** @param v {@code pc} or {@code html5} @return this */
        public Builder platform(String v) {
            platform = Objects.requireNonNull(v, "platform");
            return this;
        }

        /**
         * @return the request
         * @throws IllegalArgumentException see {@link PlayUrlRequest}
         */
        public PlayUrlRequest build() {
            return new PlayUrlRequest(quality, formats, fourk, platform);
        }
    }
}
