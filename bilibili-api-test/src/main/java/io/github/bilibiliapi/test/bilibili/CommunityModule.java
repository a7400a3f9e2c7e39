package io.github.bilibiliapi.test.bilibili;

import io.github.bilibiliapi.test.RouteRegistry;
import io.github.bilibiliapi.test.RouteRequest;
import io.github.bilibiliapi.test.ServerContext;
import io.github.bilibiliapi.test.ServerModule;
import io.github.bilibiliapi.test.bilibili.FakeExchange.Request;
import io.github.bilibiliapi.test.bilibili.FakeExchange.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.reactivestreams.Publisher;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The community routes of the fake bilibili: comments, search, a user's space (uploads, dynamics, relation stat,
 * the space page with {@code __RENDER_DATA__}), favourites. Data is generated (hundreds of comments and uploads per
 * id, so paging is real) around the real example answers of {@code fixtures/community/}. Checks what bilibili
 * checks: WBI (+ activated buvid3 and {@code dm_*} where the site wants them), {@code w_webid} on uploads, buvid3 +
 * a bilibili Referer on search (-412 otherwise), login and csrf on posting. Shares the {@link FakeBilibiliState}
 * (keys, accounts, activations, clock) with {@link BilibiliModule}.
 *
 * <ul>
 *   <li>{@code GET /x/v2/reply/wbi/main} — WBI (-403 when wrong, as the doc says); cursor paging of 20 via
 *       {@code pagination_str}; the first page carries one pinned comment in {@code top_replies}.</li>
 *   <li>{@code GET /x/v2/reply/reply} — page-number paging ({@code pn}/{@code ps} ≤ 20 returned).</li>
 *   <li>{@code POST /x/v2/reply/add} — login (-101), csrf (-111), WBI + {@code dm_*} (-352), closed area (12002),
 *       unknown type (12009); the new comment is listed first by time afterwards.</li>
 *   <li>{@code GET /x/web-interface/wbi/search/type}, {@code /search/all/v2} — buvid3 cookie and a
 *       {@code *.bilibili.com} Referer (else HTTP 412 / -412), WBI (-352), unknown {@code search_type} -1200.</li>
 *   <li>{@code GET /x/space/wbi/arc/search} — WBI + activated buvid3 + {@code dm_*} + {@code w_webid} equal to the
 *       access_id the space page handed out for that mid (each -352).</li>
 *   <li>{@code GET /{mid}/dynamic} (space.bilibili.com) — HTML with the percent-encoded {@code __RENDER_DATA__}
 *       holding {@code access_id} (a JWT with {@code iat}/{@code ttl}).</li>
 *   <li>{@code GET /x/polymer/web-dynamic/v1/feed/space} — WBI + activated buvid3 + {@code dm_*}; offset paging of
 *       12 items built from the example's items.</li>
 *   <li>{@code GET /x/relation/stat}, {@code /x/v3/fav/folder/created/list-all}, {@code /x/v3/fav/resource/list}.</li>
 * </ul>
 *
 * <p>{@link #failPage(String, int, int)} makes one page of a listing answer a bilibili error once (-352, -412,
 * -799, ...), to test a loop that stops in the middle and resumes.
 */
public final class CommunityModule implements ServerModule {

    private final FakeBilibiliState state;
    private final CommunityRoutes routes;

    /**
     * @param state the state shared with {@link BilibiliModule}
     */
    public CommunityModule(FakeBilibiliState state) {
        this.state = Objects.requireNonNull(state, "state");
        this.routes = new CommunityRoutes(state, this);
    }

    // --------------------------------------------------------------------------------------------- configuration

    private final Map<String, Integer> pageFaults = new ConcurrentHashMap<>();
    private final Set<Long> closedAreas = ConcurrentHashMap.newKeySet();
    private final Map<Long, Integer> commentCounts = new ConcurrentHashMap<>();
    private final Map<Long, Integer> uploadCounts = new ConcurrentHashMap<>();
    private final Map<Long, Integer> dynamicCounts = new ConcurrentHashMap<>();
    private final AtomicLong spacePages = new AtomicLong();
    private volatile int searchResults = 137;

    /** Comments generated for an oid without {@link #setCommentCount}. */
    public static final int DEFAULT_COMMENTS = 250;
    /** Uploads generated for a mid without {@link #setUploadCount}. */
    public static final int DEFAULT_UPLOADS = 250;
    /** Dynamics generated for a mid without {@link #setDynamicCount}. */
    public static final int DEFAULT_DYNAMICS = 60;

    /**
     * Makes page {@code page} (1-based ordinal, whatever the paging style) of the listing at {@code path} answer
     * bilibili's error {@code code} once.
     *
     * @param path a listing path such as {@code /x/v2/reply/wbi/main}
     * @param page the page ordinal
     * @param code a code {@link BilibiliErrors} knows (-352, -412, -799, ...)
     * @return this
     */
    public CommunityModule failPage(String path, int page, int code) {
        BilibiliErrors.httpStatus(code); // validates the code
        pageFaults.put(path + "#" + page, code);
        return this;
    }

    Integer takePageFault(String path, int page) {
        return pageFaults.remove(path + "#" + page);
    }

    /**
     * @param oid a comment area whose comments are closed (12002 on list and post)
     * @return this
     */
    public CommunityModule closeComments(long oid) {
        closedAreas.add(oid);
        return this;
    }

    /**
     * Declares what an oid's comment area is: a request naming it with another type gets 12009.
     *
     * @param oid  a comment area
     * @param type its type code
     * @return this
     */
    public CommunityModule setCommentAreaType(long oid, int type) {
        routes.setAreaType(oid, type);
        return this;
    }

    boolean closed(long oid) {
        return closedAreas.contains(oid);
    }

    /**
     * @param oid   a comment area
     * @param count how many comments it has
     * @return this
     */
    public CommunityModule setCommentCount(long oid, int count) {
        commentCounts.put(oid, count);
        return this;
    }

    int commentCount(long oid) {
        return commentCounts.getOrDefault(oid, DEFAULT_COMMENTS);
    }

    /**
     * @param mid   a user
     * @param count how many uploads they have
     * @return this
     */
    public CommunityModule setUploadCount(long mid, int count) {
        uploadCounts.put(mid, count);
        return this;
    }

    int uploadCount(long mid) {
        return uploadCounts.getOrDefault(mid, DEFAULT_UPLOADS);
    }

    /**
     * @param mid   a user
     * @param count how many dynamics they have
     * @return this
     */
    public CommunityModule setDynamicCount(long mid, int count) {
        dynamicCounts.put(mid, count);
        return this;
    }

    int dynamicCount(long mid) {
        return dynamicCounts.getOrDefault(mid, DEFAULT_DYNAMICS);
    }

    /**
     * @param count results of every search keyword and kind (bilibili caps at 1000, 50 pages of 20)
     * @return this
     */
    public CommunityModule setSearchResults(int count) {
        searchResults = count;
        return this;
    }

    int searchResults() {
        return searchResults;
    }

    /**
     * Hands out a new {@code access_id} for {@code mid}: requests carrying the old one get -352.
     *
     * @param mid a user
     */
    public void rotateWebId(long mid) {
        routes.rotateWebId(mid);
    }

    /** @return how many space pages ({@code /{mid}/dynamic}) were served */
    public long spacePageRequests() {
        return spacePages.get();
    }

    void countSpacePage() {
        spacePages.incrementAndGet();
    }

    /** @return comments posted so far (text by rpid) */
    public Map<Long, String> postedComments() {
        return routes.posted();
    }

    // --------------------------------------------------------------------------------------------- routes

    @Override
    public void register(RouteRegistry registry, ServerContext ctx) {
        for (String path : CommunityRoutes.PATHS) {
            registry.any(path, this::serve);
        }
        registry.any(CommunityRoutes.SPACE_PAGE, this::serve);
    }

    private Publisher<Void> serve(RouteRequest in, HttpServerResponse out) {
        return in.body().flatMap(body -> {
            Map<String, String> headers = new LinkedHashMap<>();
            in.headers().forEach(h -> headers.putIfAbsent(h.getKey(), h.getValue()));
            Request request = new Request(in.method(), in.path(), in.rawQuery(), headers, body);
            Response response = routes.handle(request, in.pathVariable("mid"));
            return ReactorAdapter.write(response, "HEAD".equals(request.method()), out);
        });
    }

    @Override
    public String toString() {
        return "CommunityModule" + CommunityRoutes.PATHS;
    }

    FakeBilibiliState state() {
        return state;
    }
}
