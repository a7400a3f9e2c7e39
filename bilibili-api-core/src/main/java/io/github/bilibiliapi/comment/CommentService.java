package io.github.bilibiliapi.comment;

import io.github.bilibiliapi.api.Api;
import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.internal.Nodes;
import io.github.bilibiliapi.paging.Page;
import io.github.bilibiliapi.paging.PageCursor;
import io.github.bilibiliapi.paging.Paged;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import tools.jackson.databind.JsonNode;

/**
 * Comments: list a comment area (cursor paging), the replies of a comment (page-number paging), post a comment or
 * a reply. bilibili's comment codes fail as {@link CommentException}.
 */
public final class CommentService {

    static final String MAIN_URL = "https://api.bilibili.com/x/v2/reply/wbi/main";
    static final String REPLY_URL = "https://api.bilibili.com/x/v2/reply/reply";
    static final String ADD_URL = "https://api.bilibili.com/x/v2/reply/add";
    /** The longest text bilibili accepts. */
    public static final int MAX_MESSAGE_LENGTH = 1000;
    private static final int REPLIES_PAGE_SIZE = 20;

    private final BiliContext context;

    /** @param context the context requests run in */
    public CommentService(BiliContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    /**
     * {@code GET /x/v2/reply/wbi/main} (WBI), cursor paging with {@code pagination_str}. The first page starts with
     * the pinned comments ({@link Comment#pinned()}).
     *
     * @param type the area's type
     * @param oid  the area's id (for {@link CommentType#VIDEO} the aid)
     * @param sort newest or hottest first
     * @return the comments, lazily paged
     * @throws IllegalArgumentException if {@code oid <= 0} or an argument is null (before any I/O)
     */
    public Paged<Comment> list(CommentType type, long oid, CommentSort sort) {
        requireType(type);
        Nodes.positive(oid, "oid");
        Objects.requireNonNull(sort, "sort");
        return Paged.of(PageCursor.firstOffset(), cursor -> {
            String pagination = "{\"offset\":" + Nodes.quote(cursor.token()) + "}";
            Api.Builder api = Api.get(MAIN_URL).param("oid", oid).param("type", type.code())
                    .param("mode", sort.mode()).param("pagination_str", pagination).param("plat", 1)
                    .param("web_location", "1315875").wbi(true);
            if (cursor.token().isEmpty()) {
                api.param("seek_rpid", "");
            }
            return translated(context.execute(api.build()).thenApply(r -> mainPage(cursor, r.data())));
        });
    }

    private static Page<Comment> mainPage(PageCursor at, JsonNode data) {
        List<Comment> items = new ArrayList<>();
        if (at.token().isEmpty()) {
            items.addAll(Nodes.list(data.path("top_replies"), r -> Comment.from(r, true)));
        }
        items.addAll(Nodes.list(data.path("replies"), r -> Comment.from(r, false)));
        JsonNode cursor = data.path("cursor");
        String nextOffset = Nodes.text(cursor.path("pagination_reply").path("next_offset"));
        boolean end = cursor.path("is_end").asBoolean(false) || nextOffset.isEmpty();
        PageCursor next = end ? null : PageCursor.offset(at.number() + 1, nextOffset);
        long total = cursor.has("all_count") ? Nodes.longOf(cursor.path("all_count")) : -1;
        return new Page<>(at, items, next, total);
    }

    /**
     * {@code GET /x/v2/reply/reply}: the replies under a root comment, page-number paging (20 a page).
     *
     * @param type the area's type
     * @param oid  the area's id
     * @param root the root comment's rpid
     * @return the replies, lazily paged
     * @throws IllegalArgumentException if {@code oid} or {@code root} is not positive (before any I/O)
     */
    public Paged<Comment> replies(CommentType type, long oid, long root) {
        requireType(type);
        Nodes.positive(oid, "oid");
        Nodes.positive(root, "root");
        return Paged.of(PageCursor.page(1), cursor -> {
            Api api = Api.get(REPLY_URL).param("oid", oid).param("type", type.code()).param("root", root)
                    .param("ps", REPLIES_PAGE_SIZE).param("pn", cursor.number()).build();
            return translated(context.execute(api).thenApply(r -> {
                JsonNode page = r.data().path("page");
                long count = Nodes.longOf(page.path("count"));
                List<Comment> items = Nodes.list(r.data().path("replies"), x -> Comment.from(x, false));
                boolean more = !items.isEmpty() && (long) cursor.number() * REPLIES_PAGE_SIZE < count;
                return new Page<>(cursor, items, more ? PageCursor.page(cursor.number() + 1) : null, count);
            }));
        });
    }

    /**
     * {@code POST /x/v2/reply/add}: posts a top-level comment. Needs a login (SESSDATA) and csrf (bili_jct).
     *
     * @param type    the area's type
     * @param oid     the area's id
     * @param message the text, 1 to {@value #MAX_MESSAGE_LENGTH} characters
     * @return the posted comment
     * @throws IllegalArgumentException for a bad argument, {@link io.github.bilibiliapi.api.CredentialException}
     *                                  without a login — both before any I/O
     */
    public CompletableFuture<PostedComment> post(CommentType type, long oid, String message) {
        return add(type, oid, 0, 0, message);
    }

    /**
     * {@code POST /x/v2/reply/add} with {@code root}/{@code parent}: replies to a comment. Needs a login and csrf.
     *
     * @param type    the area's type
     * @param oid     the area's id
     * @param root    the root comment's rpid
     * @param parent  the comment replied to (the root itself for a second-level reply)
     * @param message the text, 1 to {@value #MAX_MESSAGE_LENGTH} characters
     * @return the posted reply
     * @throws IllegalArgumentException for a bad argument, {@link io.github.bilibiliapi.api.CredentialException}
     *                                  without a login — both before any I/O
     */
    public CompletableFuture<PostedComment> reply(CommentType type, long oid, long root, long parent,
            String message) {
        Nodes.positive(root, "root");
        Nodes.positive(parent, "parent");
        return add(type, oid, root, parent, message);
    }

    private CompletableFuture<PostedComment> add(CommentType type, long oid, long root, long parent, String message) {
        checkArguments(type, oid, message);
        Api.Builder api = Api.post(ADD_URL).data("type", type.code()).data("oid", oid).data("message", message)
                .data("plat", 1).verify(true).wbi(true).dm(true);
        if (root > 0) {
            api.data("root", root).data("parent", parent);
        }
        return translated(context.execute(api.build()).thenApply(r -> PostedComment.from(r.data())));
    }

    private static void checkArguments(CommentType type, long oid, String message) {
        requireType(type);
        Nodes.positive(oid, "oid");
        if (message == null || message.isBlank()) {
            throw new IllegalArgumentException("message must not be blank");
        }
        if (message.codePointCount(0, message.length()) > MAX_MESSAGE_LENGTH) {
            throw new IllegalArgumentException("message must be at most " + MAX_MESSAGE_LENGTH + " characters");
        }
    }

    /**
     * The checks {@link #post} and {@link #reply} make before any I/O (arguments, then the login the Api layer asks
     * for), shared with {@link ReactiveCommentService} so that both faces throw alike from the call.
     */
    static void checkAdd(CommentService service, CommentType type, long oid, String message) {
        checkArguments(type, oid, message);
        io.github.bilibiliapi.api.Credential credential = service.context.credential();
        if (!credential.hasSessdata() || !credential.hasBiliJct()) {
            throw new io.github.bilibiliapi.api.CredentialException("POST " + ADD_URL
                    + " needs a login: SESSDATA and bili_jct");
        }
    }

    /** The checks of {@link #reply} on top of {@link #checkAdd}. */
    static void checkReply(long root, long parent) {
        Nodes.positive(root, "root");
        Nodes.positive(parent, "parent");
    }

    private static void requireType(CommentType type) {
        if (type == null) {
            throw new IllegalArgumentException("type must not be null");
        }
    }

    private static <T> CompletableFuture<T> translated(CompletableFuture<T> f) {
        CompletableFuture<T> out = new CompletableFuture<>();
        f.whenComplete((v, e) -> {
            if (e != null) {
                out.completeExceptionally(CommentException.translate(e));
            } else {
                out.complete(v);
            }
        });
        return out;
    }

}
