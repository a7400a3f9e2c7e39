package io.github.bilibiliapi.search;

import io.github.bilibiliapi.api.Api;
import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.internal.Nodes;
import io.github.bilibiliapi.paging.Page;
import io.github.bilibiliapi.paging.PageCursor;
import io.github.bilibiliapi.paging.Paged;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import java.util.function.Function;
import tools.jackson.databind.JsonNode;

/**
 * Search ({@code /x/web-interface/wbi/search/type} per kind, page-number paging of 20; {@code /search/all/v2}
 * overview). All are WBI-signed; bilibili answers -412 without a buvid3 cookie and a bilibili Referer, which the
 * context sends on every call to a bilibili host.
 */
public final class SearchService {

    static final String TYPE_URL = "https://api.bilibili.com/x/web-interface/wbi/search/type";
    static final String ALL_URL = "https://api.bilibili.com/x/web-interface/wbi/search/all/v2";

    private final BiliContext context;

    /** @param context the context requests run in */
    public SearchService(BiliContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    /**
     * Videos.
     *
     * @param keyword  what to search, not blank
     * @param order    the order
     * @param duration the duration filter
     * @param tid      a zone's tid to filter on, 0 for all
     * @return the hits, lazily paged
     * @throws IllegalArgumentException for a blank keyword, a null enum or a negative tid (before any I/O)
     */
    public Paged<VideoHit> videos(String keyword, VideoOrder order, VideoDuration duration, int tid) {
        String kw = Nodes.notBlank(keyword, "keyword");
        requireNonNull(order, "order");
        requireNonNull(duration, "duration");
        if (tid < 0) {
            throw new IllegalArgumentException("tid must be >= 0, got " + tid);
        }
        return typed("video", kw, b -> b.param("order", order.value()).param("duration", duration.code())
                .param("tids", tid), VideoHit::from);
    }

    /**
     * @param keyword what to search, not blank
     * @return videos by relevance, any duration, all zones
     */
    public Paged<VideoHit> videos(String keyword) {
        return videos(keyword, VideoOrder.TOTALRANK, VideoDuration.ANY, 0);
    }

    /**
     * Users ({@code search_type=bili_user}).
     *
     * @param keyword what to search, not blank
     * @param order   the order
     * @return the hits, lazily paged
     * @throws IllegalArgumentException for a blank keyword or a null order (before any I/O)
     */
    public Paged<UserHit> users(String keyword, UserOrder order) {
        String kw = Nodes.notBlank(keyword, "keyword");
        requireNonNull(order, "order");
        return typed("bili_user", kw, b -> b.param("order", order.order()).param("order_sort", order.orderSort()),
                UserHit::from);
    }

    /**
     * Live rooms ({@code search_type=live_room}).
     *
     * @param keyword what to search, not blank
     * @param order   the order
     * @return the hits, lazily paged
     * @throws IllegalArgumentException for a blank keyword or a null order (before any I/O)
     */
    public Paged<LiveRoomHit> liveRooms(String keyword, LiveRoomOrder order) {
        String kw = Nodes.notBlank(keyword, "keyword");
        requireNonNull(order, "order");
        return typed("live_room", kw, b -> b.param("order", order.value()), LiveRoomHit::from);
    }

    /**
     * Articles ({@code search_type=article}).
     *
     * @param keyword what to search, not blank
     * @param order   the order
     * @return the hits, lazily paged
     * @throws IllegalArgumentException for a blank keyword or a null order (before any I/O)
     */
    public Paged<ArticleHit> articles(String keyword, ArticleOrder order) {
        String kw = Nodes.notBlank(keyword, "keyword");
        requireNonNull(order, "order");
        return typed("article", kw, b -> b.param("order", order.value()), ArticleHit::from);
    }

    /**
     * {@code GET /x/web-interface/wbi/search/all/v2}: the first results of every kind.
     *
     * @param keyword what to search, not blank
     * @return the overview
     * @throws IllegalArgumentException for a blank keyword (before any I/O)
     */
    public CompletableFuture<SearchOverview> all(String keyword) {
        String kw = Nodes.notBlank(keyword, "keyword");
        Api api = Api.get(ALL_URL).param("keyword", kw).param("page", 1).wbi(true).build();
        return context.execute(api).thenApply(r -> {
            Map<String, JsonNode> groups = new LinkedHashMap<>();
            for (JsonNode group : r.data().path("result").values()) {
                groups.put(Nodes.text(group.path("result_type")), group.path("data"));
            }
            Map<String, Long> counts = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : r.data().path("pageinfo").properties()) {
                counts.put(e.getKey(), Nodes.longOf(e.getValue().path("numResults")));
            }
            return new SearchOverview(Nodes.list(groups.get("video"), VideoHit::from),
                    Nodes.list(groups.get("bili_user"), UserHit::from), counts, groups, r.data());
        });
    }

    private <T> Paged<T> typed(String searchType, String keyword, Consumer<Api.Builder> filters,
            Function<JsonNode, T> mapper) {
        return Paged.of(PageCursor.page(1), cursor -> {
            Api.Builder b = Api.get(TYPE_URL).param("search_type", searchType).param("keyword", keyword);
            filters.accept(b);
            Api api = b.param("page", cursor.number()).wbi(true).build();
            return context.execute(api).thenApply(r -> {
                JsonNode data = r.data();
                List<T> items = Nodes.list(data.path("result"), mapper);
                long pages = Nodes.longOf(data.path("numPages"));
                boolean more = !items.isEmpty() && cursor.number() < pages;
                return new Page<>(cursor, items, more ? PageCursor.page(cursor.number() + 1) : null,
                        data.has("numResults") ? Nodes.longOf(data.path("numResults")) : -1);
            });
        });
    }

    private static void requireNonNull(Object value, String name) {
        if (value == null) {
            throw new IllegalArgumentException(name + " must not be null");
        }
    }
}
