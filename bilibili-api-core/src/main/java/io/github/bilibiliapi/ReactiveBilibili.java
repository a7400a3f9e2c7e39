package io.github.bilibiliapi;

import io.github.bilibiliapi.dynamic.ReactiveDynamicService;
import io.github.bilibiliapi.live.ReactiveLiveService;
import io.github.bilibiliapi.user.ReactiveUserService;
import io.github.bilibiliapi.video.ReactiveVideoService;

/**
 * The Reactor face of {@link Bilibili} ({@link Bilibili#reactive()}): the same services, each method returning a
 * {@code Mono} (or a {@code Flux} for live events) that adapts the {@code CompletableFuture} one. Requests start on
 * subscription, again on each; cancelling cancels them. Invalid arguments throw {@link IllegalArgumentException} from
 * the call, exactly as on the {@code CompletableFuture} face; failures of the request are the {@code Mono}'s error,
 * with the same exception types (not wrapped in {@code CompletionException}).
 */
public final class ReactiveBilibili {

    private final ReactiveUserService users;

    private final ReactiveVideoService videos;

    private final ReactiveDynamicService dynamics;

    private final ReactiveLiveService live;

    ReactiveBilibili(Bilibili bilibili) {
        this.users = new ReactiveUserService(bilibili.users());
        this.videos = new ReactiveVideoService(bilibili.videos());
        this.dynamics = new ReactiveDynamicService(bilibili.dynamics());
        this.live = new ReactiveLiveService(bilibili.live(), bilibili.context());
    }

    /** @return the user endpoints */
    public ReactiveUserService users() {
        return users;
    }

    /** @return the video endpoints */
    public ReactiveVideoService videos() {
        return videos;
    }

    /** @return the dynamic (feed) endpoints */
    public ReactiveDynamicService dynamics() {
        return dynamics;
    }

    /** @return the live room endpoints and live events */
    public ReactiveLiveService live() {
        return live;
    }
}
