package io.github.bilibiliapi.video;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A DASH track ({@code dash.video[]}, {@code dash.audio[]}, {@code dash.dolby.audio[]}, {@code dash.flac.audio}).
 *
 * @param id          quality: a {@code qn} for video, an {@link AudioQuality} id for audio
 * @param baseUrl     primary URL (expires after about 120 minutes)
 * @param backupUrls  mirrors
 * @param bandwidth   bits per second
 * @param mimeType    e.g. {@code video/mp4}
 * @param codecs      e.g. {@code hev1.1.6.L150.90}
 * @param codecid     7 / 12 / 13 for video, 0 for audio
 * @param width       pixels (0 for audio)
 * @param height      pixels (0 for audio)
 * @param frameRate   e.g. {@code 30.303} (empty for audio)
 * @param segmentBase the fMP4 byte ranges
 * @param audio       whether this is an audio track
 * @param origin      where it came from, or {@code null}
 */
public record DashStream(int id, String baseUrl, List<String> backupUrls, long bandwidth, String mimeType,
        String codecs, int codecid, int width, int height, String frameRate, SegmentBase segmentBase, boolean audio,
        StreamOrigin origin) implements MediaStream {

    /**
     * Validates.
     *
     * @param id          see above
     * @param baseUrl     see above
     * @param backupUrls  see above
     * @param bandwidth   see above
     * @param mimeType    see above
     * @param codecs      see above
     * @param codecid     see above
     * @param width       see above
     * @param height      see above
     * @param frameRate   see above
     * @param segmentBase see above
     * @param audio       see above
     * @param origin      see above
     */
    public DashStream {
        Objects.requireNonNull(baseUrl, "baseUrl");
        backupUrls = List.copyOf(backupUrls);
    }

    /** @return the video quality, empty for audio or an unknown {@code qn} */
    public Optional<VideoQuality> quality() {
        return audio ? Optional.empty() : VideoQuality.ofQn(id);
    }

    /** @return the codec, empty for audio */
    public Optional<VideoCodec> codec() {
        return VideoCodec.ofId(codecid);
    }

    /** @return the audio quality, empty for video */
    public Optional<AudioQuality> audioQuality() {
        return audio ? AudioQuality.ofId(id) : Optional.empty();
    }

    @Override
    public String key() {
        return (audio ? "audio-" : "video-") + id + "-" + codecid;
    }

    /** Shows the quality and codec, not the signed URLs. */
    @Override
    public String toString() {
        return "DashStream[" + key() + ", " + codecs + ", " + width + "x" + height + ", " + bandwidth + " bps]";
    }

    /**
     * The fMP4 index ranges.
     *
     * @param initialization e.g. {@code 0-1159}
     * @param indexRange     e.g. {@code 1160-2019}
     */
    public record SegmentBase(String initialization, String indexRange) {
    }
}
