package io.github.bilibiliapi.video;

import java.util.List;
import java.util.Objects;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The Reactor face of {@link VideoService}: each method adapts the service's {@code CompletableFuture} (no second
 * implementation). The request starts when the {@code Mono} is subscribed, again on each subscription; cancelling
 * cancels it. Invalid arguments throw {@link IllegalArgumentException} from the call itself, as on the
 * {@code CompletableFuture} face. Needs {@code io.projectreactor:reactor-core}.
 */
public final class ReactiveVideoService {

    private final VideoService service;

    /** @param service the service adapted */
    public ReactiveVideoService(VideoService service) {
        this.service = Objects.requireNonNull(service, "service");
    }

    /**
     * See {@link VideoService#getVideoInfo(String)}.
     *
     * @param bvid a valid bvid
     * @return the video, when subscribed
     * @throws IllegalArgumentException if {@code bvid} is malformed
     */
    public Mono<VideoInfo> getVideoInfo(String bvid) {
        VideoService.checkBvid(bvid);
        return Mono.fromFuture(() -> service.getVideoInfo(bvid));
    }

    /**
     * See {@link VideoService#getVideoInfo(long)}.
     *
     * @param aid a positive aid
     * @return the video, when subscribed
     * @throws IllegalArgumentException if {@code aid} is out of range
     */
    public Mono<VideoInfo> getVideoInfo(long aid) {
        VideoService.checkAid(aid);
        return Mono.fromFuture(() -> service.getVideoInfo(aid));
    }

    /**
     * See {@link VideoService#getPages(String)}.
     *
     * @param bvid a valid bvid
     * @return the parts in order, when subscribed
     * @throws IllegalArgumentException if {@code bvid} is malformed
     */
    public Mono<List<VideoPage>> getPages(String bvid) {
        VideoService.checkBvid(bvid);
        return Mono.fromFuture(() -> service.getPages(bvid));
    }

    /**
     * See {@link VideoService#getPages(long)}.
     *
     * @param aid a positive aid
     * @return the parts in order, when subscribed
     * @throws IllegalArgumentException if {@code aid} is out of range
     */
    public Mono<List<VideoPage>> getPages(long aid) {
        VideoService.checkAid(aid);
        return Mono.fromFuture(() -> service.getPages(aid));
    }

    /**
     * See {@link VideoService#getPlayUrl(String, long, PlayUrlRequest)}.
     *
     * @param bvid    a valid bvid
     * @param cid     the part's cid
     * @param request quality and formats
     * @return the streams, when subscribed
     * @throws IllegalArgumentException on a malformed bvid or a non-positive cid
     */
    public Mono<PlayUrl> getPlayUrl(String bvid, long cid, PlayUrlRequest request) {
        VideoService.checkBvid(bvid);
        VideoService.checkCid(cid);
        Objects.requireNonNull(request, "request");
        return Mono.fromFuture(() -> service.getPlayUrl(bvid, cid, request));
    }

    /**
     * See {@link VideoService#getPlayUrl(long, long, PlayUrlRequest)}.
     *
     * @param aid     a positive aid
     * @param cid     the part's cid
     * @param request quality and formats
     * @return the streams, when subscribed
     * @throws IllegalArgumentException on an out-of-range aid or a non-positive cid
     */
    public Mono<PlayUrl> getPlayUrl(long aid, long cid, PlayUrlRequest request) {
        VideoService.checkAid(aid);
        VideoService.checkCid(cid);
        Objects.requireNonNull(request, "request");
        return Mono.fromFuture(() -> service.getPlayUrl(aid, cid, request));
    }

    /**
     * See {@link VideoService#getPlayUrl(StreamOrigin)}.
     *
     * @param origin a stream's origin
     * @return fresh streams, when subscribed
     */
    public Mono<PlayUrl> getPlayUrl(StreamOrigin origin) {
        Objects.requireNonNull(origin, "origin");
        return Mono.fromFuture(() -> service.getPlayUrl(origin));
    }

    /**
     * See {@link VideoService#getDanmakuSegment(long, long, int)}.
     *
     * @param aid          the video's aid
     * @param cid          the part's cid
     * @param segmentIndex 1-based
     * @return the segment, when subscribed
     * @throws IllegalArgumentException on a bad aid, cid or index
     */
    public Mono<DanmakuSegment> getDanmakuSegment(long aid, long cid, int segmentIndex) {
        checkSegment(aid, cid, segmentIndex);
        return Mono.fromFuture(() -> service.getDanmakuSegment(aid, cid, segmentIndex));
    }

    /**
     * The counterpart of {@link VideoService#danmaku(long, long, long)}: every danmaku of a part, a segment requested
     * only when downstream wants more than the previous one held, without blocking a thread.
     *
     * @param aid             the video's aid
     * @param cid             the part's cid
     * @param durationSeconds the part's duration, which gives the segment count
     * @return the danmaku in segment order
     * @throws IllegalArgumentException on a bad aid, cid or duration
     */
    public Flux<VideoDanmaku> danmaku(long aid, long cid, long durationSeconds) {
        VideoService.checkAid(aid);
        VideoService.checkCid(cid);
        if (durationSeconds < 0) {
            throw new IllegalArgumentException("durationSeconds must not be negative, got " + durationSeconds);
        }
        int segments = (int) Math.max(1, (durationSeconds * 1000 + DanmakuSegment.SEGMENT_MS - 1)
                / DanmakuSegment.SEGMENT_MS);
        return Flux.range(1, segments).concatMap(i -> Mono.fromFuture(() -> service.getDanmakuSegment(aid, cid, i)), 0)
                .concatMapIterable(DanmakuSegment::danmaku);
    }

    /**
     * See {@link VideoService#getDanmakuXml(long)}.
     *
     * @param cid the part's cid
     * @return the danmaku, when subscribed
     * @throws IllegalArgumentException on a non-positive cid
     */
    public Mono<List<VideoDanmaku>> getDanmakuXml(long cid) {
        VideoService.checkCid(cid);
        return Mono.fromFuture(() -> service.getDanmakuXml(cid));
    }

    /**
     * See {@link VideoService#getSubtitles(String, long)}.
     *
     * @param bvid a valid bvid
     * @param cid  the part's cid
     * @return the tracks, when subscribed
     * @throws IllegalArgumentException on a bad bvid or cid
     */
    public Mono<SubtitleInfo> getSubtitles(String bvid, long cid) {
        VideoService.checkBvid(bvid);
        VideoService.checkCid(cid);
        return Mono.fromFuture(() -> service.getSubtitles(bvid, cid));
    }

    /**
     * See {@link VideoService#getSubtitles(long, long)}.
     *
     * @param aid a positive aid
     * @param cid the part's cid
     * @return the tracks, when subscribed
     * @throws IllegalArgumentException on a bad aid or cid
     */
    public Mono<SubtitleInfo> getSubtitles(long aid, long cid) {
        VideoService.checkAid(aid);
        VideoService.checkCid(cid);
        return Mono.fromFuture(() -> service.getSubtitles(aid, cid));
    }

    /**
     * See {@link VideoService#getSubtitle(SubtitleTrack)}.
     *
     * @param track a track from {@link #getSubtitles}
     * @return the cues, when subscribed
     * @throws IllegalArgumentException when the track has no http(s) URL
     */
    public Mono<Subtitle> getSubtitle(SubtitleTrack track) {
        Objects.requireNonNull(track, "track");
        if (!track.url().startsWith("https://") && !track.url().startsWith("http://")) {
            throw new IllegalArgumentException("track has no http(s) URL: " + track);
        }
        return Mono.fromFuture(() -> service.getSubtitle(track));
    }

    private static void checkSegment(long aid, long cid, int segmentIndex) {
        VideoService.checkAid(aid);
        VideoService.checkCid(cid);
        if (segmentIndex < 1) {
            throw new IllegalArgumentException("segmentIndex must be 1 or more, got " + segmentIndex);
        }
    }
}
