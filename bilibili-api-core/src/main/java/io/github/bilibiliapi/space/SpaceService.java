package io.github.bilibiliapi.space;

import io.github.bilibiliapi.api.Api;
import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.internal.Nodes;
import io.github.bilibiliapi.paging.Page;
import io.github.bilibiliapi.paging.PageCursor;
import io.github.bilibiliapi.paging.Paged;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.JsonNode;

/** A user's space: uploads and relation counts. For the user's dynamics see {@code DynamicService.spaceFeed}. */
public final class SpaceService {

    static final String ARC_SEARCH_URL = "https://api.bilibili.com/x/space/wbi/arc/search";
    static final String RELATION_STAT_URL = "https://api.bilibili.com/x/relation/stat";
    /** Uploads per page (bilibili's default). */
    public static final int UPLOADS_PAGE_SIZE = 30;

    private final BiliContext context;

    /** @param context the context requests run in */
    public SpaceService(BiliContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    /**
     * {@code GET /x/space/wbi/arc/search} (WBI + {@code dm_*} + {@code w_webid}, as the space page sends it),
     * page-number paging of {@value #UPLOADS_PAGE_SIZE}.
     *
     * @param mid     the user, positive
     * @param order   the order
     * @param keyword only uploads matching it (null or blank: all)
     * @param tid     only this zone (0: all)
     * @return the uploads, lazily paged
     * @throws IllegalArgumentException for a non-positive mid, a null order or a negative tid (before any I/O)
     */
    public Paged<Upload> uploads(long mid, UploadOrder order, String keyword, int tid) {
        Nodes.positive(mid, "mid");
        if (order == null) {
            throw new IllegalArgumentException("order must not be null");
        }
        if (tid < 0) {
            throw new IllegalArgumentException("tid must be >= 0, got " + tid);
        }
        String kw = keyword == null ? "" : keyword.strip();
        return Paged.of(PageCursor.page(1), cursor -> {
            Api api = Api.get(ARC_SEARCH_URL).param("mid", mid).param("ps", UPLOADS_PAGE_SIZE).param("tid", tid)
                    .param("pn", cursor.number()).param("keyword", kw).param("order", order.value())
                    .param("platform", "web").param("web_location", "1550101").param("order_avoided", true)
                    .wbi(true).dm(true).wWebid(mid).build();
            return context.execute(api).thenApply(r -> {
                JsonNode data = r.data();
                List<Upload> items = Nodes.list(data.path("list").path("vlist"), Upload::from);
                long count = Nodes.longOf(data.path("page").path("count"));
                long ps = Math.max(1, Nodes.longOf(data.path("page").path("ps")));
                boolean more = !items.isEmpty() && cursor.number() * ps < count;
                return new Page<>(cursor, items, more ? PageCursor.page(cursor.number() + 1) : null, count);
            });
        });
    }

    /**
     * @param mid the user, positive
     * @return all uploads, newest first
     */
    public Paged<Upload> uploads(long mid) {
        return uploads(mid, UploadOrder.PUBDATE, null, 0);
    }

    /**
     * {@code GET /x/relation/stat?vmid=}: follower and following counts.
     *
     * @param mid the user, positive
     * @return the counts
     * @throws IllegalArgumentException for a non-positive mid (before any I/O)
     */
    public CompletableFuture<RelationStat> relationStat(long mid) {
        Nodes.positive(mid, "mid");
        return context.execute(Api.get(RELATION_STAT_URL).param("vmid", mid).build())
                .thenApply(r -> RelationStat.from(r.data()));
    }
}
