package io.github.bilibiliapi.video;

import io.github.bilibiliapi.api.Api;
import io.github.bilibiliapi.api.BiliApiException;
import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.api.ResponseCodeException;
import io.github.bilibiliapi.client.BiliApiResponse;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Video endpoints: details, parts, play URLs, danmaku and subtitles. */
public final class VideoService {

    static final String VIEW_URL = "https://api.bilibili.com/x/web-interface/view";
    static final String PLAYURL_URL = "https://api.bilibili.com/x/player/wbi/playurl";
    static final String PLAYER_V2_URL = "https://api.bilibili.com/x/player/wbi/v2";
    static final String DM_SEG_URL = "https://api.bilibili.com/x/v2/dm/wbi/web/seg.so";
    static final String DM_XML_URL = "https://comment.bilibili.com/";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final BiliContext context;

    /** @param context the context requests run in */
    public VideoService(BiliContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    /** @return the context requests run in */
    BiliContext context() {
        return context;
    }

    /**
     * {@code GET /x/web-interface/view?bvid=}.
     *
     * @param bvid a valid bvid
     * @return the video
     * @throws IllegalArgumentException if {@code bvid} is malformed (checked before any I/O)
     */
    public CompletableFuture<VideoInfo> getVideoInfo(String bvid) {
        checkBvid(bvid);
        return view(Api.get(VIEW_URL).param("bvid", bvid).build());
    }

    /**
     * {@code GET /x/web-interface/view?aid=}.
     *
     * @param aid a positive aid
     * @return the video
     * @throws IllegalArgumentException if {@code aid} is out of range (checked before any I/O)
     */
    public CompletableFuture<VideoInfo> getVideoInfo(long aid) {
        checkAid(aid);
        return view(Api.get(VIEW_URL).param("aid", aid).build());
    }

    /**
     * The parts of a video (their cids) from the view answer.
     *
     * @param bvid a valid bvid
     * @return the parts in order
     * @throws IllegalArgumentException if {@code bvid} is malformed (before any I/O)
     */
    public CompletableFuture<List<VideoPage>> getPages(String bvid) {
        return getVideoInfo(bvid).thenApply(VideoInfo::pageList);
    }

    /**
     * The parts of a video (their cids) from the view answer.
     *
     * @param aid a positive aid
     * @return the parts in order
     * @throws IllegalArgumentException if {@code aid} is out of range (before any I/O)
     */
    public CompletableFuture<List<VideoPage>> getPages(long aid) {
        return getVideoInfo(aid).thenApply(VideoInfo::pageList);
    }

    private CompletableFuture<VideoInfo> view(Api api) {
        return context.execute(api).thenApply(r -> VideoInfo.from(r.data()));
    }

    // ------------------------------------------------------------------------------------------------ play URLs

    /**
     * {@code GET /x/player/wbi/playurl} (WBI-signed): the streams of one part.
     *
     * @param bvid    a valid bvid
     * @param cid     the part's cid (a cid of another video is answered with code -404)
     * @param request quality and formats
     * @return the answer, DASH or durl by the formats asked
     * @throws IllegalArgumentException on a malformed bvid or a non-positive cid (before any I/O)
     */
    public CompletableFuture<PlayUrl> getPlayUrl(String bvid, long cid, PlayUrlRequest request) {
        checkBvid(bvid);
        return getPlayUrl(new StreamOrigin(bvid, 0, checkCid(cid), Objects.requireNonNull(request, "request")));
    }

    /**
     * {@code GET /x/player/wbi/playurl} (WBI-signed) by aid.
     *
     * @param aid     a positive aid
     * @param cid     the part's cid
     * @param request quality and formats
     * @return the answer
     * @throws IllegalArgumentException on an out-of-range aid or a non-positive cid (before any I/O)
     */
    public CompletableFuture<PlayUrl> getPlayUrl(long aid, long cid, PlayUrlRequest request) {
        checkAid(aid);
        return getPlayUrl(new StreamOrigin(null, aid, checkCid(cid), Objects.requireNonNull(request, "request")));
    }

    /**
     * Asks again for the play URL a stream came from (fresh, signed URLs).
     *
     * @param origin a stream's {@link MediaStream#origin()}
     * @return the answer
     */
    public CompletableFuture<PlayUrl> getPlayUrl(StreamOrigin origin) {
        Objects.requireNonNull(origin, "origin");
        PlayUrlRequest r = origin.request();
        Api.Builder b = Api.get(PLAYURL_URL).wbi(true);
        if (origin.bvid() != null) {
            b.param("bvid", origin.bvid());
        } else {
            b.param("avid", origin.aid());
        }
        b.param("cid", origin.cid()).param("qn", r.quality().qn()).param("fnval", r.fnval()).param("fnver", 0)
                .param("fourk", r.fourk() ? 1 : 0).param("platform", r.platform()).param("otype", "json");
        if (!context.credential().hasSessdata()) {
            b.param("gaia_source", "pre-load").param("isGaiaAvoided", "true");
        }
        return context.execute(b.build()).thenApply(res -> PlayUrl.from(res.data(), origin));
    }

    // ------------------------------------------------------------------------------------------------ danmaku

    /**
     * {@code GET /x/v2/dm/wbi/web/seg.so}: one 6-minute protobuf segment.
     *
     * @param aid          the video's aid (sent as {@code pid})
     * @param cid          the part's cid
     * @param segmentIndex 1-based
     * @return the segment
     * @throws IllegalArgumentException on a bad aid, cid or index (before any I/O)
     */
    public CompletableFuture<DanmakuSegment> getDanmakuSegment(long aid, long cid, int segmentIndex) {
        checkAid(aid);
        checkCid(cid);
        if (segmentIndex < 1) {
            throw new IllegalArgumentException("segmentIndex must be 1 or more, got " + segmentIndex);
        }
        Api api = Api.get(DM_SEG_URL).wbi(true).param("type", 1).param("oid", cid).param("pid", aid)
                .param("segment_index", segmentIndex).build();
        return context.executeRaw(api).thenApply(resp -> DmSegDecoder.decode(segmentIndex, binary(resp, api)));
    }

    /**
     * Every danmaku of a part, fetched segment by segment as the stream is consumed (a segment is requested only
     * when the previous one is used up; a short-circuiting consumer stops the fetching). The calling thread blocks on
     * each fetch.
     *
     * @param aid             the video's aid
     * @param cid             the part's cid
     * @param durationSeconds the part's duration ({@link VideoPage#durationSeconds()}), which gives the segment count
     * @return a lazy, sequential stream
     * @throws IllegalArgumentException on a bad aid, cid or duration (before any I/O)
     */
    public Stream<VideoDanmaku> danmaku(long aid, long cid, long durationSeconds) {
        checkAid(aid);
        checkCid(cid);
        if (durationSeconds < 0) {
            throw new IllegalArgumentException("durationSeconds must not be negative, got " + durationSeconds);
        }
        int segments = (int) Math.max(1, (durationSeconds * 1000 + DanmakuSegment.SEGMENT_MS - 1)
                / DanmakuSegment.SEGMENT_MS);
        return IntStream.rangeClosed(1, segments).boxed()
                .flatMap(i -> getDanmakuSegment(aid, cid, i).join().danmaku().stream());
    }

    /**
     * The XML danmaku file {@code comment.bilibili.com/{cid}.xml}, the fallback when protobuf segments are not
     * wanted (it holds a sample of at most {@code maxlimit} danmaku).
     *
     * @param cid the part's cid
     * @return the danmaku
     * @throws IllegalArgumentException on a non-positive cid (before any I/O)
     */
    public CompletableFuture<List<VideoDanmaku>> getDanmakuXml(long cid) {
        checkCid(cid);
        Api api = Api.get(DM_XML_URL + cid + ".xml").build();
        return context.executeRaw(api).thenApply(resp -> DanmakuXml.parse(binary(resp, api)));
    }

    /** The body of a non-JSON answer; a JSON body is bilibili's error object, a 412 its risk-control interception. */
    private byte[] binary(BiliApiResponse resp, Api api) {
        if (resp.code() != 200) {
            throw BiliApiException.forHttpStatus(resp.code(), withoutQuery(api.url()), resp.raw(),
                    api.credential() != null ? api.credential() : context.credential());
        }
        String type = resp.header("Content-Type");
        if (type != null && type.toLowerCase(java.util.Locale.ROOT).contains("json")) {
            JsonNode root = JSON.readTree(resp.raw());
            int code = root.path("code").asInt(0);
            throw ResponseCodeException.of(code == 0 ? -500 : code, root.path("message").asString(""), root);
        }
        return resp.raw();
    }

    // ------------------------------------------------------------------------------------------------ subtitles

    /**
     * {@code GET /x/player/wbi/v2} (WBI + dm parameters): the subtitle tracks of a part. Without a login the list is
     * empty (or lacks the AI tracks).
     *
     * @param bvid a valid bvid
     * @param cid  the part's cid
     * @return the tracks
     * @throws IllegalArgumentException on a bad bvid or cid (before any I/O)
     */
    public CompletableFuture<SubtitleInfo> getSubtitles(String bvid, long cid) {
        checkBvid(bvid);
        return subtitles(Api.get(PLAYER_V2_URL).param("bvid", bvid), checkCid(cid));
    }

    /**
     * {@code GET /x/player/wbi/v2} by aid.
     *
     * @param aid a positive aid
     * @param cid the part's cid
     * @return the tracks
     * @throws IllegalArgumentException on a bad aid or cid (before any I/O)
     */
    public CompletableFuture<SubtitleInfo> getSubtitles(long aid, long cid) {
        checkAid(aid);
        return subtitles(Api.get(PLAYER_V2_URL).param("aid", aid), checkCid(cid));
    }

    private CompletableFuture<SubtitleInfo> subtitles(Api.Builder b, long cid) {
        Api api = b.param("cid", cid).param("isGaiaAvoided", "false").param("web_location", 1315873).wbi(true)
                .dm(true).build();
        return context.execute(api).thenApply(r -> {
            JsonNode d = r.data();
            List<SubtitleTrack> tracks = new ArrayList<>();
            for (JsonNode s : d.path("subtitle").path("subtitles")) {
                String url = s.path("subtitle_url").asString("");
                if (url.startsWith("//")) {
                    url = "https:" + url;
                }
                tracks.add(new SubtitleTrack(s.path("id").asLong(0), s.path("lan").asString(""),
                        s.path("lan_doc").asString(""), url, s.path("ai_type").asInt(0),
                        s.path("ai_status").asInt(0), s.path("is_lock").asBoolean(false)));
            }
            return new SubtitleInfo(d.path("need_login_subtitle").asBoolean(false), tracks);
        });
    }

    /**
     * Fetches a track's JSON file.
     *
     * @param track a track from {@link #getSubtitles}
     * @return the cues
     * @throws IllegalArgumentException when the track has no http(s) URL (before any I/O)
     */
    public CompletableFuture<Subtitle> getSubtitle(SubtitleTrack track) {
        Objects.requireNonNull(track, "track");
        String url = track.url();
        if (!url.startsWith("https://") && !url.startsWith("http://")) {
            throw new IllegalArgumentException("track has no http(s) URL: " + track);
        }
        int q = url.indexOf('?');
        Api.Builder b = Api.get(q < 0 ? url : url.substring(0, q)).ignoreCode(true);
        if (q >= 0) {
            for (String pair : url.substring(q + 1).split("&")) {
                if (!pair.isEmpty()) {
                    int eq = pair.indexOf('=');
                    String k = eq < 0 ? pair : pair.substring(0, eq);
                    String v = eq < 0 ? "" : pair.substring(eq + 1);
                    b.param(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
                }
            }
        }
        return context.execute(b.build()).thenApply(r -> Subtitle.from(r.json()));
    }

    // ------------------------------------------------------------------------------------------------ checks

    /** The argument check of the bvid methods, shared with {@link ReactiveVideoService}. */
    static void checkBvid(String bvid) {
        if (!AvBv.isValidBvid(bvid)) {
            throw new IllegalArgumentException("Not a valid bvid: " + bvid);
        }
    }

    /** The argument check of the aid methods, shared with {@link ReactiveVideoService}. */
    static void checkAid(long aid) {
        if (aid <= 0) {
            throw new IllegalArgumentException("aid must be positive, got " + aid);
        }
        AvBv.toBvid(aid); // validates the range
    }

    /** The argument check of the cid parameters, shared with {@link ReactiveVideoService}. */
    static long checkCid(long cid) {
        if (cid <= 0) {
            throw new IllegalArgumentException("cid must be positive, got " + cid);
        }
        return cid;
    }

    private static String withoutQuery(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }
}
