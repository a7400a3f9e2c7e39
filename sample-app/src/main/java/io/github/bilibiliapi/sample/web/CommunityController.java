package io.github.bilibiliapi.sample.web;

import io.github.bilibiliapi.comment.Comment;
import io.github.bilibiliapi.comment.CommentService;
import io.github.bilibiliapi.comment.CommentSort;
import io.github.bilibiliapi.comment.CommentType;
import io.github.bilibiliapi.comment.PostedComment;
import io.github.bilibiliapi.dynamic.DynamicItem;
import io.github.bilibiliapi.dynamic.DynamicService;
import io.github.bilibiliapi.favorite.FavoriteFolder;
import io.github.bilibiliapi.favorite.FavoriteService;
import io.github.bilibiliapi.paging.Page;
import io.github.bilibiliapi.paging.PageCursor;
import io.github.bilibiliapi.search.SearchService;
import io.github.bilibiliapi.search.VideoHit;
import io.github.bilibiliapi.space.SpaceService;
import io.github.bilibiliapi.space.Upload;
import io.github.bilibiliapi.video.VideoInfo;
import io.github.bilibiliapi.video.VideoService;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The community endpoints, returning the library's typed records as they are: their {@code raw} JSON stays out of
 * the response (it is {@code @JsonIgnore}d), so only the typed fields are sent. Listings are returned one
 * {@link Page} at a time; the client passes {@code next.token} back to get the next one.
 */
@RestController
@RequestMapping("/api/community")
class CommunityController {

    private final VideoService videos;
    private final CommentService comments;
    private final SearchService search;
    private final SpaceService space;
    private final DynamicService dynamics;
    private final FavoriteService favorites;

    CommunityController(VideoService videos, CommentService comments, SearchService search, SpaceService space,
            DynamicService dynamics, FavoriteService favorites) {
        this.videos = videos;
        this.comments = comments;
        this.search = search;
        this.space = space;
        this.dynamics = dynamics;
        this.favorites = favorites;
    }

    /** The typed video record itself (compare with {@code /api/videos/{id}}, which maps it by hand). */
    @GetMapping("/videos/{bvid}")
    CompletableFuture<VideoInfo> video(@PathVariable String bvid) {
        return videos.getVideoInfo(bvid);
    }

    /** One page of a video's comments, newest first; {@code offset} is the previous page's {@code next.token}. */
    @GetMapping("/videos/{aid}/comments")
    CompletableFuture<Page<Comment>> comments(@PathVariable long aid,
            @RequestParam(defaultValue = "1") int page, @RequestParam(defaultValue = "") String offset) {
        return comments.list(CommentType.VIDEO, aid, CommentSort.TIME).fetch(new PageCursor(page, offset));
    }

    /** Posts a comment under a video (needs the configured login). */
    @PostMapping("/videos/{aid}/comments")
    CompletableFuture<PostedComment> post(@PathVariable long aid, @RequestParam String message) {
        return comments.post(CommentType.VIDEO, aid, message);
    }

    /** One page of video search results. */
    @GetMapping("/search")
    CompletableFuture<Page<VideoHit>> search(@RequestParam String keyword,
            @RequestParam(defaultValue = "1") int page) {
        return search.videos(keyword).fetch(PageCursor.page(page));
    }

    /** One page of a user's uploads. */
    @GetMapping("/users/{mid}/uploads")
    CompletableFuture<Page<Upload>> uploads(@PathVariable long mid, @RequestParam(defaultValue = "1") int page) {
        return space.uploads(mid).fetch(PageCursor.page(page));
    }

    /** One page of a user's dynamics; {@code offset} is the previous page's {@code next.token}. */
    @GetMapping("/users/{mid}/dynamics")
    CompletableFuture<Page<DynamicItem>> dynamics(@PathVariable long mid,
            @RequestParam(defaultValue = "1") int page, @RequestParam(defaultValue = "") String offset) {
        return dynamics.spaceFeed(mid).fetch(new PageCursor(page, offset));
    }

    /** A user's favourites folders. */
    @GetMapping("/users/{mid}/favorites")
    CompletableFuture<List<FavoriteFolder>> favorites(@PathVariable long mid) {
        return favorites.folders(mid);
    }
}
