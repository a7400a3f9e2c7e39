package io.github.bilibiliapi.video;

import io.github.bilibiliapi.api.Api;
import io.github.bilibiliapi.api.BiliContext;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** Video endpoints. */
public final class VideoService {

    static final String VIEW_URL = "https://api.bilibili.com/x/web-interface/view";

    private final BiliContext context;

    /** @param context the context requests run in */
    public VideoService(BiliContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    /**
     * {@code GET /x/web-interface/view?bvid=}.
     *
     * @param bvid a valid bvid
     * @return the video
     * @throws IllegalArgumentException if {@code bvid} is malformed (checked before any I/O)
     */
    public CompletableFuture<VideoInfo> getVideoInfo(String bvid) {
        if (!AvBv.isValidBvid(bvid)) {
            throw new IllegalArgumentException("Not a valid bvid: " + bvid);
        }
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
        AvBv.toBvid(aid); // validates the range
        return view(Api.get(VIEW_URL).param("aid", aid).build());
    }

    private CompletableFuture<VideoInfo> view(Api api) {
        return context.execute(api).thenApply(r -> VideoInfo.from(r.data()));
    }
}
