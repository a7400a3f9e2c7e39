package io.github.bilibiliapi;

import io.github.bilibiliapi.comment.ReactiveCommentService;
import io.github.bilibiliapi.dynamic.ReactiveDynamicService;
import io.github.bilibiliapi.favorite.ReactiveFavoriteService;
import io.github.bilibiliapi.live.ReactiveLiveService;
import io.github.bilibiliapi.login.ReactiveLoginService;
import io.github.bilibiliapi.search.ReactiveSearchService;
import io.github.bilibiliapi.space.ReactiveSpaceService;
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

    private final Bilibili bilibili;

    private volatile ReactiveCommentService comments;

    private volatile ReactiveSearchService search;

    private volatile ReactiveSpaceService spaces;

    private volatile ReactiveFavoriteService favorites;

    private volatile ReactiveLoginService login;

    ReactiveBilibili(Bilibili bilibili) {
        this.users = new ReactiveUserService(bilibili.users());
        this.videos = new ReactiveVideoService(bilibili.videos());
        this.dynamics = new ReactiveDynamicService(bilibili.dynamics());
        this.live = new ReactiveLiveService(bilibili.live(), bilibili.context());
        this.bilibili = bilibili;
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

    /** @return the comment endpoints */
    public ReactiveCommentService comments() {
        ReactiveCommentService r = comments;
        if (r == null) {
            r = new ReactiveCommentService(bilibili.comments());
            comments = r;
        }
        return r;
    }

    /** @return the search endpoints */
    public ReactiveSearchService search() {
        ReactiveSearchService r = search;
        if (r == null) {
            r = new ReactiveSearchService(bilibili.search());
            search = r;
        }
        return r;
    }

    /** @return the user-space endpoints */
    public ReactiveSpaceService spaces() {
        ReactiveSpaceService r = spaces;
        if (r == null) {
            r = new ReactiveSpaceService(bilibili.spaces());
            spaces = r;
        }
        return r;
    }

    /** @return the favourites endpoints */
    public ReactiveFavoriteService favorites() {
        ReactiveFavoriteService r = favorites;
        if (r == null) {
            r = new ReactiveFavoriteService(bilibili.favorites());
            favorites = r;
        }
        return r;
    }

    /** @return the login endpoints */
    public ReactiveLoginService login() {
        ReactiveLoginService r = login;
        if (r == null) {
            r = new ReactiveLoginService(bilibili.login());
            login = r;
        }
        return r;
    }
}
