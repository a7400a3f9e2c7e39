package io.github.bilibiliapi.video;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Picks the streams to download from a {@link PlayUrl}: the best video up to a quality with a codec preference, and
 * the best audio by a preference order (Hi-Res → Dolby → 192k → 132k → 64k by default). When the wanted quality is
 * not in the answer it says why, from what the quality needs ({@link VideoQuality#tier()} and the {@code fnval}
 * flags asked).
 *
 * <p>Immutable and thread-safe.
 */
public final class StreamSelector {

    private final VideoQuality maxQuality;
    private final List<VideoCodec> codecs;
    private final List<AudioQuality> audio;

    private StreamSelector(Builder b) {
        this.maxQuality = b.maxQuality;
        this.codecs = List.copyOf(b.codecs);
        this.audio = List.copyOf(b.audio);
    }

    /** @return a selector with the defaults: up to 8K, AVC → HEVC → AV1, Hi-Res → Dolby → 192k → 132k → 64k */
    public static StreamSelector defaults() {
        return builder().build();
    }

    /** @return a builder with the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Chooses.
     *
     * @param playUrl an answer
     * @return the choice and its explanations
     */
    public Selection select(PlayUrl playUrl) {
        Objects.requireNonNull(playUrl, "playUrl");
        List<String> notes = new ArrayList<>();
        if (!playUrl.isDash()) {
            explainMissing(playUrl, playUrl.quality(), notes);
            return new Selection(null, null, playUrl.durl(), notes);
        }
        PlayUrl.Dash dash = playUrl.dash();
        DashStream best = null;
        for (DashStream v : dash.video()) {
            int rank = rank(v);
            if (v.id() > maxQuality.qn() || rank < 0) {
                continue;
            }
            if (best == null || v.id() > best.id()
                    || (v.id() == best.id() && rank < rank(best))) {
                best = v;
            }
        }
        if (best == null) {
            notes.add("no video track at or below " + maxQuality.label() + " in codecs " + codecs);
        } else {
            explainMissing(playUrl, best.id(), notes);
        }
        DashStream bestAudio = null;
        List<DashStream> all = dash.allAudio();
        for (AudioQuality want : audio) {
            for (DashStream a : all) {
                if (a.id() == want.id()) {
                    bestAudio = a;
                    break;
                }
            }
            if (bestAudio != null) {
                break;
            }
            if (want == audio.get(0)) {
                notes.add("no " + want + " audio track in the answer" + (want == AudioQuality.HI_RES
                        || want == AudioQuality.DOLBY ? " (it needs a premium account and a video that has one)"
                        : ""));
            }
        }
        if (bestAudio == null && !all.isEmpty()) {
            notes.add("no audio track of the preferred qualities " + audio);
        }
        return new Selection(best, bestAudio, List.of(), notes);
    }

    private int rank(DashStream v) {
        return VideoCodec.ofId(v.codecid()).map(codecs::indexOf).orElse(-1);
    }

    /**
     * Says why the next quality above {@code got} (up to the maximum) is missing though the video has it: the first
     * barrier (a format flag not asked, or the account tier) is what the user has to change.
     */
    private void explainMissing(PlayUrl playUrl, int got, List<String> notes) {
        int missing = Integer.MAX_VALUE;
        for (int q : playUrl.acceptQualities()) {
            if (q > got && q <= maxQuality.qn() && q < missing) {
                missing = q;
            }
        }
        if (missing == Integer.MAX_VALUE) {
            return;
        }
        VideoQuality q = VideoQuality.ofQn(missing).orElse(null);
        if (q == null) {
            notes.add("quality qn=" + missing + " is not in the answer");
            return;
        }
        java.util.Set<StreamFormat> asked = playUrl.origin() == null ? java.util.Set.of()
                : playUrl.origin().request().formats();
        boolean fourk = playUrl.origin() != null && playUrl.origin().request().fourk();
        String flag = switch (q) {
            case Q4K -> asked.contains(StreamFormat.FOUR_K) && fourk ? null : "4K needs the FOUR_K format and fourk";
            case HDR -> asked.contains(StreamFormat.HDR) ? null : "HDR needs the HDR format (DASH)";
            case DOLBY_VISION -> asked.contains(StreamFormat.DOLBY_VISION) ? null
                    : "Dolby Vision needs the DOLBY_VISION format (DASH)";
            case Q8K -> asked.contains(StreamFormat.EIGHT_K) ? null : "8K needs the EIGHT_K format (DASH)";
            default -> null;
        };
        VideoQuality got0 = VideoQuality.ofQn(got).orElse(null);
        String have = got0 == null ? "qn=" + got : got0.label();
        if (flag != null) {
            notes.add(flag + " (got " + have + ")");
            return;
        }
        switch (q.tier()) {
            case PREMIUM -> notes.add(q.label() + " needs a premium account (got " + have + ")");
            case LOGIN -> notes.add(q.label() + " needs login (got " + have + ")");
            default -> notes.add(q.label() + " was not served (got " + have + ")");
        }
    }

    /**
     * What was chosen.
     *
     * @param video        the video track of a DASH answer, or {@code null}
     * @param audio        the audio track of a DASH answer, or {@code null}
     * @param durl         the files of a durl answer (empty for DASH)
     * @param explanations why the choice is below what was wanted (empty when it is not)
     */
    public record Selection(DashStream video, DashStream audio, List<DurlSegment> durl, List<String> explanations) {

        /**
         * Copies the lists.
         *
         * @param video        see above
         * @param audio        see above
         * @param durl         see above
         * @param explanations see above
         */
        public Selection {
            durl = List.copyOf(durl);
            explanations = List.copyOf(explanations);
        }

        /** @return the video track, if any */
        public Optional<DashStream> videoTrack() {
            return Optional.ofNullable(video);
        }

        /** @return the audio track, if any */
        public Optional<DashStream> audioTrack() {
            return Optional.ofNullable(audio);
        }
    }

    /** Builder of {@link StreamSelector}. */
    public static final class Builder {
        private VideoQuality maxQuality = VideoQuality.Q8K;
        private List<VideoCodec> codecs = List.of(VideoCodec.AVC, VideoCodec.HEVC, VideoCodec.AV1);
        private List<AudioQuality> audio = List.of(AudioQuality.HI_RES, AudioQuality.DOLBY, AudioQuality.K192,
                AudioQuality.K132, AudioQuality.K64);

        private Builder() {
        }

        /** @param v the highest quality to take @return this */
        public Builder maxQuality(VideoQuality v) {
            maxQuality = Objects.requireNonNull(v, "maxQuality");
            return this;
        }

        /**
         * @param v codecs in order of preference; codecs not listed are never chosen
         * @return this
         * @throws IllegalArgumentException when empty or with duplicates
         */
        public Builder codecs(List<VideoCodec> v) {
            codecs = nonEmptyDistinct(v, "codecs");
            return this;
        }

        /**
         * @param v audio qualities in order of preference
         * @return this
         * @throws IllegalArgumentException when empty or with duplicates
         */
        public Builder audio(List<AudioQuality> v) {
            audio = nonEmptyDistinct(v, "audio");
            return this;
        }

        private static <T> List<T> nonEmptyDistinct(List<T> v, String name) {
            Objects.requireNonNull(v, name);
            if (v.isEmpty() || v.stream().anyMatch(Objects::isNull) || v.stream().distinct().count() != v.size()) {
                throw new IllegalArgumentException(name + " must be a non-empty list without duplicates, got " + v);
            }
            return List.copyOf(v);
        }

        /** @return the selector */
        public StreamSelector build() {
            return new StreamSelector(this);
        }
    }
}
