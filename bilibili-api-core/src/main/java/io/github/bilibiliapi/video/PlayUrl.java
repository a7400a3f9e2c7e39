package io.github.bilibiliapi.video;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * A {@code /x/player/wbi/playurl} answer: either {@link #dash()} (separate video and audio tracks) or
 * {@link #durl()} (MP4/FLV files).
 *
 * @param quality            the {@code qn} of the answer ({@code data.quality})
 * @param format             e.g. {@code mp4720}, {@code flv720}
 * @param timelengthMs       duration in milliseconds
 * @param acceptQualities    every {@code qn} the video has ({@code accept_quality}), whether or not this account may
 *                           watch it
 * @param acceptDescriptions their names
 * @param videoCodecid       {@code video_codecid}
 * @param dash               the DASH part, or {@code null} for a durl answer
 * @param durl               the files of a durl answer (empty for DASH)
 * @param origin             the request that produced this answer
 * @param raw                the whole {@code data} object
 */
public record PlayUrl(int quality, String format, long timelengthMs, List<Integer> acceptQualities,
        List<String> acceptDescriptions, int videoCodecid, Dash dash, List<DurlSegment> durl, StreamOrigin origin,
        JsonNode raw) {

    /**
     * Copies the lists.
     *
     * @param quality            see above
     * @param format             see above
     * @param timelengthMs       see above
     * @param acceptQualities    see above
     * @param acceptDescriptions see above
     * @param videoCodecid       see above
     * @param dash               see above
     * @param durl               see above
     * @param origin             see above
     * @param raw                see above
     */
    public PlayUrl {
        acceptQualities = List.copyOf(acceptQualities);
        acceptDescriptions = List.copyOf(acceptDescriptions);
        durl = List.copyOf(durl);
    }

    /** @return whether this is a DASH answer */
    public boolean isDash() {
        return dash != null;
    }

    /** @return the DASH part, if any */
    public Optional<Dash> dashPart() {
        return Optional.ofNullable(dash);
    }

    /** @return {@link #quality()} as an enum, empty when unknown */
    public Optional<VideoQuality> videoQuality() {
        return VideoQuality.ofQn(quality);
    }

    /** Short: the quality, the shape and the number of streams (the URLs are signed and stay out). */
    @Override
    public String toString() {
        return "PlayUrl[qn=" + quality + ", " + (dash != null ? "dash " + dash.video().size() + " video / "
                + dash.allAudio().size() + " audio" : "durl " + durl.size() + " files") + "]";
    }

    /**
     * The DASH part.
     *
     * @param durationSeconds duration
     * @param minBufferTime   seconds
     * @param video           video tracks (every quality × codec the account may watch)
     * @param audio           ordinary audio tracks ({@code dash.audio}, empty when {@code null})
     * @param dolbyType       {@code dash.dolby.type}: 0 none, 1 Dolby audio, 2 Dolby Atmos
     * @param dolbyAudio      Dolby tracks
     * @param flac            the Hi-Res FLAC track, or {@code null}
     */
    public record Dash(long durationSeconds, double minBufferTime, List<DashStream> video, List<DashStream> audio,
            int dolbyType, List<DashStream> dolbyAudio, DashStream flac) {

        /**
         * Copies the lists.
         *
         * @param durationSeconds see above
         * @param minBufferTime   see above
         * @param video           see above
         * @param audio           see above
         * @param dolbyType       see above
         * @param dolbyAudio      see above
         * @param flac            see above
         */
        public Dash {
            video = List.copyOf(video);
            audio = List.copyOf(audio);
            dolbyAudio = List.copyOf(dolbyAudio);
        }

        /** @return ordinary, Dolby and Hi-Res tracks together */
        public List<DashStream> allAudio() {
            List<DashStream> all = new ArrayList<>(audio);
            all.addAll(dolbyAudio);
            if (flac != null) {
                all.add(flac);
            }
            return all;
        }
    }

    // ------------------------------------------------------------------------------------------------ parsing

    static PlayUrl from(JsonNode d, StreamOrigin origin) {
        Objects.requireNonNull(d, "data");
        List<Integer> qualities = new ArrayList<>();
        d.path("accept_quality").forEach(q -> qualities.add(q.asInt()));
        List<String> descriptions = new ArrayList<>();
        d.path("accept_description").forEach(q -> descriptions.add(q.asString("")));
        Dash dash = null;
        JsonNode dn = d.get("dash");
        if (dn != null && dn.isObject()) {
            JsonNode dolby = dn.path("dolby");
            JsonNode flacAudio = dn.path("flac").path("audio");
            dash = new Dash(dn.path("duration").asLong(0), dn.path("min_buffer_time").asDouble(
                    dn.path("minBufferTime").asDouble(0)), streams(dn.path("video"), false, origin),
                    streams(dn.path("audio"), true, origin), dolby.path("type").asInt(0),
                    streams(dolby.path("audio"), true, origin),
                    flacAudio.isObject() ? stream(flacAudio, true, origin) : null);
        }
        List<DurlSegment> durl = new ArrayList<>();
        for (JsonNode s : d.path("durl")) {
            durl.add(new DurlSegment(s.path("order").asInt(0), s.path("length").asLong(0), s.path("size").asLong(0),
                    s.path("url").asString(""), urls(s.path("backup_url")), origin));
        }
        return new PlayUrl(d.path("quality").asInt(0), d.path("format").asString(""), d.path("timelength").asLong(0),
                qualities, descriptions, d.path("video_codecid").asInt(0), dash, durl, origin, d);
    }

    private static List<DashStream> streams(JsonNode array, boolean audio, StreamOrigin origin) {
        List<DashStream> out = new ArrayList<>();
        for (JsonNode s : array) {
            out.add(stream(s, audio, origin));
        }
        return out;
    }

    private static DashStream stream(JsonNode s, boolean audio, StreamOrigin origin) {
        // every field comes twice (camelCase and snake_case); snake_case first, camelCase as the fallback
        JsonNode sb = s.path("segment_base");
        JsonNode sbCamel = s.path("SegmentBase");
        DashStream.SegmentBase segmentBase = new DashStream.SegmentBase(
                sb.path("initialization").asString(sbCamel.path("Initialization").asString("")),
                sb.path("index_range").asString(sbCamel.path("indexRange").asString("")));
        JsonNode backups = s.has("backup_url") ? s.path("backup_url") : s.path("backupUrl");
        return new DashStream(s.path("id").asInt(0), text(s, "base_url", "baseUrl"), urls(backups),
                s.path("bandwidth").asLong(0), text(s, "mime_type", "mimeType"), s.path("codecs").asString(""),
                s.path("codecid").asInt(0), s.path("width").asInt(0), s.path("height").asInt(0),
                text(s, "frame_rate", "frameRate"), segmentBase, audio, origin);
    }

    private static String text(JsonNode node, String snake, String camel) {
        JsonNode v = node.get(snake);
        if (v == null || v.isNull()) {
            v = node.get(camel);
        }
        return v == null || v.isNull() ? "" : v.asString("");
    }

    private static List<String> urls(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode u : array) {
            if (u.isString() && !u.asString().isEmpty()) {
                out.add(u.asString());
            }
        }
        return out;
    }
}
