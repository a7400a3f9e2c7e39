package io.github.bilibiliapi.video;

import java.util.Objects;
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
}
