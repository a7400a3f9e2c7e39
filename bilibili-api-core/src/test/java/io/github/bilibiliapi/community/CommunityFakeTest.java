package io.github.bilibiliapi.community;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bilibiliapi.api.Backends;
import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.api.Credential;
import io.github.bilibiliapi.api.CredentialException;
import io.github.bilibiliapi.api.FakeEnv;
import io.github.bilibiliapi.api.RiskControl;
import io.github.bilibiliapi.api.RiskControlException;
import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.comment.Comment;
import io.github.bilibiliapi.comment.CommentException;
import io.github.bilibiliapi.comment.CommentService;
import io.github.bilibiliapi.comment.CommentSort;
import io.github.bilibiliapi.comment.CommentType;
import io.github.bilibiliapi.comment.PostedComment;
import io.github.bilibiliapi.dynamic.DynamicContent;
import io.github.bilibiliapi.dynamic.DynamicItem;
import io.github.bilibiliapi.dynamic.DynamicKind;
import io.github.bilibiliapi.dynamic.DynamicService;
import io.github.bilibiliapi.favorite.FavoriteFolder;
import io.github.bilibiliapi.favorite.FavoriteItem;
import io.github.bilibiliapi.favorite.FavoriteService;
import io.github.bilibiliapi.paging.Page;
import io.github.bilibiliapi.paging.PageCursor;
import io.github.bilibiliapi.paging.Paged;
import io.github.bilibiliapi.paging.PagedFlux;
import io.github.bilibiliapi.paging.PagingException;
import io.github.bilibiliapi.search.ArticleHit;
import io.github.bilibiliapi.search.ArticleOrder;
import io.github.bilibiliapi.search.LiveRoomHit;
import io.github.bilibiliapi.search.LiveRoomOrder;
import io.github.bilibiliapi.search.SearchOverview;
import io.github.bilibiliapi.search.SearchService;
import io.github.bilibiliapi.search.UserHit;
import io.github.bilibiliapi.search.UserOrder;
import io.github.bilibiliapi.search.VideoDuration;
import io.github.bilibiliapi.search.VideoHit;
import io.github.bilibiliapi.search.VideoOrder;
import io.github.bilibiliapi.space.RelationStat;
import io.github.bilibiliapi.space.SpaceService;
import io.github.bilibiliapi.space.Upload;
import io.github.bilibiliapi.space.UploadOrder;
import io.github.bilibiliapi.test.RecordedRequest;
import io.github.bilibiliapi.test.bilibili.CommunityModule;
import io.github.bilibiliapi.test.bilibili.FakeBilibiliState;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Comments, search, space, dynamics and favourites against the fake bilibili, on every backend. */
class CommunityFakeTest {

    static final long AID = 170001;
    static final long MID = 946974;
    static final String MAIN = "/x/v2/reply/wbi/main";
    static final String ARC = "/x/space/wbi/arc/search";

    static Stream<Named<Supplier<BiliApiClient>>> backends() {
        return Backends.all();
    }

    static CommunityModule community(FakeEnv env) {
        return env.server.module(CommunityModule.class);
    }

    static BiliContext loggedIn(FakeEnv env) {
        return env.contextBuilder(s -> { }).credential(FakeEnv.ACCOUNT).build();
    }

    static Throwable cause(Throwable t) {
        return t instanceof CompletionException && t.getCause() != null ? t.getCause() : t;
    }

    // ----------------------------------------------------------------------------------------- comments

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void commentsPageByCursorLazilyAndWithinLimits(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            CommentService comments = new CommentService(env.context());
            Paged<Comment> paged = comments.list(CommentType.VIDEO, AID, CommentSort.TIME);
            assertThat(env.server.requestCount(MAIN)).as("nothing fetched before asked").isZero();

            List<Page<Comment>> pages = paged.limitPages(3).pages().toList();
            assertThat(pages).hasSize(3);
            assertThat(env.server.requestCount(MAIN)).isEqualTo(3);
            Page<Comment> first = pages.get(0);
            assertThat(first.items().get(0).pinned()).isTrue();
            assertThat(first.items().get(0).text()).isEqualTo("置顶评论");
            assertThat(first.items()).hasSize(21);
            assertThat(first.total()).isEqualTo(CommunityModule.DEFAULT_COMMENTS);
            assertThat(pages.get(1).items()).hasSize(20).noneMatch(Comment::pinned);
            assertThat(pages.get(2).cursor().number()).isEqualTo(3);
            Comment c = first.items().get(1);
            assertThat(c.text()).isEqualTo("第0条评论");
            assertThat(c.userName()).isEqualTo("用户0");
            assertThat(c.oid()).isEqualTo(AID);
            assertThat(c.replyCount()).isEqualTo(45);
            assertThat(c.pictures()).singleElement().asString().endsWith(".jpg");
            assertThat(c.time()).isPositive();
            List<Long> ids = pages.stream().flatMap(p -> p.items().stream()).map(Comment::id).toList();
            assertThat(new HashSet<>(ids)).hasSameSizeAs(ids);
            String query = env.server.requests(MAIN).get(2).rawQuery();
            assertThat(query).contains("pagination_str=", "Data", "w_rid=", "wts=", "mode=2");

            // the whole area through a stream: 250 comments + the pinned one, 13 pages
            env.server.resetCounters();
            assertThat(paged.stream().count()).isEqualTo(CommunityModule.DEFAULT_COMMENTS + 1);
            assertThat(env.server.requestCount(MAIN)).isEqualTo(13);

            // an item limit stops before the next page is asked for
            env.server.resetCounters();
            assertThat(comments.list(CommentType.VIDEO, AID, CommentSort.HOT).limitItems(41).stream().count())
                    .isEqualTo(41);
            assertThat(env.server.requestCount(MAIN)).isEqualTo(2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void repliesPageByNumber(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            CommentService comments = new CommentService(env.context());
            Comment root = comments.list(CommentType.VIDEO, AID, CommentSort.TIME).firstPage().join().items().get(1);
            List<Comment> replies = comments.replies(CommentType.VIDEO, AID, root.id()).stream().toList();
            assertThat(replies).hasSize(45).allSatisfy(r -> {
                assertThat(r.root()).isEqualTo(root.id());
                assertThat(r.parent()).isEqualTo(root.id());
            });
            assertThat(env.server.requestCount("/x/v2/reply/reply")).isEqualTo(3);
            assertThat(env.server.lastRequest("/x/v2/reply/reply").rawQuery()).contains("pn=3", "ps=20");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void postingNeedsLoginAndCsrfAndTypesCommentCodes(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            String add = "/x/v2/reply/add";
            assertThatThrownBy(() -> new CommentService(env.context()).post(CommentType.VIDEO, AID, "你好"))
                    .isInstanceOf(CredentialException.class).hasMessageContaining("login");
            Credential noJct = Credential.builder().sessdata(FakeBilibiliState.DEFAULT_SESSDATA).build();
            assertThatThrownBy(() -> new CommentService(env.contextBuilder(s -> { }).credential(noJct).build())
                    .post(CommentType.VIDEO, AID, "你好")).isInstanceOf(CredentialException.class)
                    .hasMessageContaining("bili_jct");
            assertThat(env.server.requestCount(add)).isZero();

            CommentService comments = new CommentService(loggedIn(env));
            PostedComment posted = comments.post(CommentType.VIDEO, AID, "第一！[doge]").join();
            assertThat(posted.id()).isPositive();
            assertThat(posted.comment().text()).isEqualTo("第一！[doge]");
            assertThat(posted.comment().mid()).isEqualTo(FakeBilibiliState.DEFAULT_MID);
            assertThat(posted.toast()).isEqualTo("发送成功");
            RecordedRequest sent = env.server.lastRequest(add);
            assertThat(sent.rawQuery()).contains("w_rid=", "dm_img_str=");
            assertThat(community(env).postedComments()).containsEntry(posted.id(), "第一！[doge]");
            Comment newest = comments.list(CommentType.VIDEO, AID, CommentSort.TIME).firstPage().join().items().get(1);
            assertThat(newest.id()).isEqualTo(posted.id());

            PostedComment reply = comments.reply(CommentType.VIDEO, AID, posted.id(), posted.id(), "回复").join();
            assertThat(reply.root()).isEqualTo(posted.id());
            assertThat(reply.parent()).isEqualTo(posted.id());

            community(env).closeComments(AID + 1);
            assertThatThrownBy(() -> comments.post(CommentType.VIDEO, AID + 1, "x").join())
                    .isInstanceOf(CompletionException.class).cause()
                    .isInstanceOfSatisfying(CommentException.class, e -> {
                        assertThat(e.code()).isEqualTo(12002);
                        assertThat(e.commentsClosed()).isTrue();
                    });
            assertThatThrownBy(() -> comments.list(CommentType.VIDEO, AID + 1, CommentSort.HOT).firstPage().join())
                    .cause().isInstanceOf(CommentException.class);
            community(env).setCommentAreaType(AID + 2, 1);
            assertThatThrownBy(() -> comments.post(CommentType.ARTICLE, AID + 2, "x").join()).cause()
                    .isInstanceOfSatisfying(CommentException.class,
                            e -> assertThat(e.reason()).isEqualTo(CommentException.Reason.INVALID_TYPE));
        }
    }

    // ----------------------------------------------------------------------------------------- search

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void searchIsTypedPerKindAndSendsBuvid3AndReferer(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            SearchService search = new SearchService(env.context());
            List<Page<VideoHit>> pages = search.videos("少年", VideoOrder.CLICK, VideoDuration.UNDER_10_MIN, 3)
                    .limitPages(3).pages().toList();
            assertThat(pages).hasSize(3).allSatisfy(p -> assertThat(p.items()).hasSize(20));
            VideoHit hit = pages.get(2).items().get(0);
            assertThat(hit.title().text()).isEqualTo("视频40：少年 合集").doesNotContain("<em");
            assertThat(hit.title().highlighted()).containsExactly("少年");
            assertThat(hit.title().highlights()).singleElement()
                    .satisfies(r -> assertThat(hit.title().text().substring(r.start(), r.end())).isEqualTo("少年"));
            assertThat(hit.bvid()).startsWith("BV1");
            assertThat(hit.raw().path("title").asString()).contains("<em class=\"keyword\">");
            RecordedRequest sent = env.server.lastRequest("/x/web-interface/wbi/search/type");
            assertThat(sent.cookies().get("buvid3")).matches(".+infoc");
            assertThat(sent.header("referer")).startsWith("https://www.bilibili.com");
            assertThat(sent.rawQuery()).contains("order=click", "duration=1", "tids=3", "page=3",
                    "search_type=video", "w_rid=");

            UserHit user = search.users("少年", UserOrder.FANS_DESC).firstPage().join().items().get(0);
            assertThat(user.name().text()).isEqualTo("少年_0");
            assertThat(user.fans()).isPositive();
            LiveRoomHit room = search.liveRooms("少年", LiveRoomOrder.LIVE_TIME).firstPage().join().items().get(1);
            assertThat(room.roomId()).isPositive();
            assertThat(room.title().highlighted()).containsExactly("少年");
            ArticleHit article = search.articles("a<b", ArticleOrder.PUBDATE).firstPage().join().items().get(0);
            assertThat(article.title().text()).isEqualTo("a<b 专栏 0");
            assertThat(article.title().highlighted()).containsExactly("a<b");

            SearchOverview all = search.all("少年").join();
            assertThat(all.videos()).hasSize(20);
            assertThat(all.users()).hasSize(1);
            assertThat(all.resultCount()).containsKeys("video", "bili_user");
            assertThat(all.groups()).containsKey("media_bangumi");
            assertThat(env.server.lastRequest("/x/web-interface/wbi/search/all/v2").cookies()).containsKey("buvid3");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void searchWithoutBuvid3IsBlocked(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            BiliContext noBuvid = env.contextBuilder(s -> s.enableAutoBuvid(false)).build();
            assertThatThrownBy(() -> new SearchService(noBuvid).videos("少年").firstPage().join()).cause()
                    .isInstanceOfSatisfying(io.github.bilibiliapi.api.RiskControlException.class, e -> {
                        assertThat(e.httpStatus()).isEqualTo(412);
                        assertThat(e.riskControl()).contains(RiskControl.REQUEST_BLOCKED);
                    });
            assertThat(env.server.lastRequest("/x/web-interface/wbi/search/type").cookies()).doesNotContainKey("buvid3");
        }
    }

    // ----------------------------------------------------------------------------------------- space

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void uploadsSendWWebidFromTheSpacePageAndRefreshItAfter352(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            SpaceService space = new SpaceService(env.context());
            List<Page<Upload>> pages = space.uploads(MID).limitPages(3).pages().toList();
            assertThat(pages).hasSize(3).allSatisfy(p -> assertThat(p.items()).hasSize(30));
            assertThat(pages.get(0).total()).isEqualTo(CommunityModule.DEFAULT_UPLOADS);
            Upload first = pages.get(0).items().get(0);
            assertThat(first.mid()).isEqualTo(MID);
            assertThat(first.bvid()).startsWith("BV");
            assertThat(first.title()).isEqualTo("教程 0");
            assertThat(community(env).spacePageRequests()).as("w_webid is cached per mid").isEqualTo(1);
            assertThat(env.server.lastRequest(ARC).rawQuery()).contains("w_webid=", "dm_img_list=", "w_rid=");

            community(env).rotateWebId(MID);
            assertThat(space.uploads(MID).firstPage().join().items()).hasSize(30);
            assertThat(community(env).spacePageRequests()).as("refetched after -352").isEqualTo(2);

            List<Upload> filtered = space.uploads(MID, UploadOrder.CLICK, "教程", 0).stream().toList();
            assertThat(filtered).hasSize(50).allSatisfy(u -> assertThat(u.title()).startsWith("教程"));
            assertThat(filtered).isSortedAccordingTo((a, b) -> Long.compare(b.play(), a.play()));

            RelationStat stat = space.relationStat(MID).join();
            assertThat(stat.mid()).isEqualTo(MID);
            assertThat(stat.followers()).isPositive();
            assertThat(stat.following()).isPositive();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void dynamicsPageByOffsetAndAreTypedPerKind(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            Paged<DynamicItem> feed = new DynamicService(env.context()).spaceFeed(MID);
            List<DynamicItem> items = feed.stream().toList();
            assertThat(items).hasSize(CommunityModule.DEFAULT_DYNAMICS);
            assertThat(env.server.requestCount("/x/polymer/web-dynamic/v1/feed/space")).isEqualTo(5);
            assertThat(items.stream().map(DynamicItem::id).collect(Collectors.toSet())).hasSize(items.size());
            DynamicItem pinned = items.get(0);
            assertThat(pinned.pinned()).isTrue();
            assertThat(pinned.kind()).isEqualTo(DynamicKind.DRAW);
            assertThat(pinned.content()).isInstanceOfSatisfying(DynamicContent.Draw.class,
                    d -> assertThat(d.pictures()).isNotEmpty());
            assertThat(pinned.authorMid()).isEqualTo(MID);
            assertThat(items.get(1).content()).isInstanceOfSatisfying(DynamicContent.Video.class,
                    v -> assertThat(v.bvid()).startsWith("BV"));
            assertThat(items.get(1).commentType()).isEqualTo(1);
            assertThat(items.get(2).content()).isInstanceOfSatisfying(DynamicContent.Forward.class,
                    f -> assertThat(f.original().kind()).isEqualTo(DynamicKind.WORD));
            assertThat(items.get(3).kind()).isEqualTo(DynamicKind.WORD);
            assertThat(items.get(3).text()).isNotBlank();
            assertThat(items.get(4).content()).isInstanceOfSatisfying(DynamicContent.Article.class,
                    a -> assertThat(a.title()).isEqualTo("专栏 4"));
            assertThat(items.get(5).content()).isInstanceOfSatisfying(DynamicContent.Live.class,
                    l -> assertThat(l.live()).isTrue());
            assertThat(items.get(6).content()).isInstanceOfSatisfying(DynamicContent.Other.class,
                    o -> assertThat(o.majorType()).isEqualTo("MAJOR_TYPE_COMMON"));
            assertThat(items.get(6).raw().path("type").asString()).isEqualTo("DYNAMIC_TYPE_COMMON_SQUARE");
            assertThat(items.get(7).pinned()).isFalse();
        }
    }

    // ----------------------------------------------------------------------------------------- favourites

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void favouriteFoldersAndItems(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            FavoriteService anonymous = new FavoriteService(env.context());
            List<FavoriteFolder> folders = anonymous.folders(MID).join();
            assertThat(folders).hasSize(3);
            assertThat(folders.get(0).defaultFolder()).isTrue();
            assertThat(folders).noneMatch(FavoriteFolder::privateFolder);
            FavoriteFolder big = folders.get(1);
            assertThat(big.mediaCount()).isEqualTo(65);
            List<FavoriteItem> items = anonymous.items(big.id()).stream().toList();
            assertThat(items).hasSize(65);
            assertThat(env.server.requestCount("/x/v3/fav/resource/list")).isEqualTo(4);
            assertThat(items.get(3).invalid()).isTrue();
            assertThat(items.get(0).bvid()).startsWith("BV");

            long owner = FakeBilibiliState.DEFAULT_MID;
            FavoriteService mine = new FavoriteService(loggedIn(env));
            List<FavoriteFolder> own = mine.folders(owner).join();
            assertThat(own).hasSize(4).filteredOn(FavoriteFolder::privateFolder).hasSize(1);
            FavoriteFolder secret = own.stream().filter(FavoriteFolder::privateFolder).findFirst().orElseThrow();
            assertThat(mine.items(secret.id()).stream().count()).isEqualTo(7);
            assertThatThrownBy(() -> new FavoriteService(env.context()).items(secret.id()).firstPage().join())
                    .cause().isInstanceOfSatisfying(io.github.bilibiliapi.api.ResponseCodeException.class,
                            e -> assertThat(e.code()).isEqualTo(-403));
        }
    }

    // ----------------------------------------------------------------------------------------- risk control

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void riskControlMidLoopSurfacesThePageReachedAndTheLoopResumes(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            // cursor paging
            community(env).failPage(MAIN, 3, -412);
            Paged<Comment> comments = new CommentService(env.context()).list(CommentType.VIDEO, AID, CommentSort.TIME)
                    .limitPages(5);
            List<Comment> seen = new ArrayList<>();
            PagingException e = null;
            try {
                comments.forEach(seen::add);
            } catch (PagingException failed) {
                e = failed;
            }
            assertThat(e).isNotNull();
            assertThat(e.resumeFrom().number()).isEqualTo(3);
            assertThat(e.pagesDone()).isEqualTo(2);
            assertThat(e.itemsDone()).isEqualTo(41);
            assertThat(e.riskControl()).contains(RiskControl.REQUEST_BLOCKED);
            assertThat(e.getCause()).isInstanceOfSatisfying(io.github.bilibiliapi.api.RiskControlException.class,
                    c -> assertThat(c.httpStatus()).isEqualTo(412));
            assertThat(seen).hasSize(41);
            comments.from(e.resumeFrom()).limitPages(3).forEach(seen::add);
            assertThat(seen).hasSize(101);
            assertThat(seen.stream().map(Comment::id).collect(Collectors.toSet())).hasSize(101);

            // page-number paging, through the Flux adapter
            community(env).failPage(ARC, 2, -799);
            Paged<Upload> uploads = new SpaceService(env.context()).uploads(MID).limitPages(3);
            List<Upload> got = new ArrayList<>();
            assertThatThrownBy(() -> PagedFlux.items(uploads).doOnNext(got::add).blockLast(Duration.ofSeconds(30)))
                    .isInstanceOfSatisfying(PagingException.class, pe -> {
                        assertThat(pe.resumeFrom()).isEqualTo(PageCursor.page(2));
                        assertThat(pe.riskControl()).contains(RiskControl.TOO_FREQUENT);
                    });
            assertThat(got).hasSize(30);
            got.addAll(PagedFlux.items(uploads.from(PageCursor.page(2)).limitPages(2)).collectList()
                    .block(Duration.ofSeconds(30)));
            assertThat(got.stream().map(Upload::aid).collect(Collectors.toSet())).hasSize(90);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void fluxFetchesTheNextPageOnlyOnDemand(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            Paged<VideoHit> hits = new SearchService(env.context()).videos("少年");
            String path = "/x/web-interface/wbi/search/type";
            assertThat(PagedFlux.items(hits).take(20).collectList().block(Duration.ofSeconds(30))).hasSize(20);
            assertThat(env.server.requestCount(path)).isEqualTo(1);
            assertThat(PagedFlux.items(hits).take(45).count().block(Duration.ofSeconds(30))).isEqualTo(45);
            assertThat(env.server.requestCount(path)).isEqualTo(4);
            assertThat(PagedFlux.pages(hits.limitItems(50)).map(p -> p.items().size()).collectList()
                    .block(Duration.ofSeconds(30))).containsExactly(20, 20, 10);
            // 137 results: 7 pages, the last one short
            assertThat(PagedFlux.items(hits).count().block(Duration.ofSeconds(30))).isEqualTo(137);
        }
    }

    // ----------------------------------------------------------------------------------------- bad input

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void badInputIsRejectedBeforeAnyIoNamingTheParameter(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            BiliContext ctx = loggedIn(env);
            CommentService comments = new CommentService(ctx);
            SearchService search = new SearchService(ctx);
            SpaceService space = new SpaceService(ctx);
            FavoriteService favs = new FavoriteService(ctx);
            DynamicService dynamics = new DynamicService(ctx);
            assertThatThrownBy(() -> search.videos(" ")).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("keyword");
            assertThatThrownBy(() -> search.all("")).hasMessageContaining("keyword");
            assertThatThrownBy(() -> search.videos("x", null, VideoDuration.ANY, 0)).hasMessageContaining("order");
            assertThatThrownBy(() -> search.videos("x", VideoOrder.DM, VideoDuration.ANY, -1))
                    .hasMessageContaining("tid");
            assertThatThrownBy(() -> comments.list(CommentType.VIDEO, -5, CommentSort.HOT))
                    .hasMessageContaining("oid");
            assertThatThrownBy(() -> comments.list(null, 5, CommentSort.HOT)).hasMessageContaining("type");
            assertThatThrownBy(() -> CommentType.of(99)).hasMessageContaining("type 99");
            assertThatThrownBy(() -> comments.replies(CommentType.VIDEO, 5, 0)).hasMessageContaining("root");
            assertThatThrownBy(() -> comments.post(CommentType.VIDEO, 5, " ")).hasMessageContaining("message");
            assertThatThrownBy(() -> comments.post(CommentType.VIDEO, 5, "字".repeat(1001)))
                    .hasMessageContaining("message");
            assertThatThrownBy(() -> PageCursor.page(0)).hasMessageContaining("page");
            assertThatThrownBy(() -> space.uploads(0)).hasMessageContaining("mid");
            assertThatThrownBy(() -> space.relationStat(-1)).hasMessageContaining("mid");
            assertThatThrownBy(() -> favs.items(0)).hasMessageContaining("mediaId");
            assertThatThrownBy(() -> favs.folders(0)).hasMessageContaining("upMid");
            assertThatThrownBy(() -> dynamics.spaceFeed(0)).hasMessageContaining("mid");
            assertThatThrownBy(() -> search.videos("x").limitPages(0)).hasMessageContaining("pages");
            assertThat(env.server.totalRequests()).isZero();
        }
    }

    static Set<Long> ids(List<Comment> comments) {
        return comments.stream().map(Comment::id).collect(Collectors.toSet());
    }
}
