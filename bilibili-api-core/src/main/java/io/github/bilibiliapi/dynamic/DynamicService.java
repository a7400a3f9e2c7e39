package io.github.bilibiliapi.dynamic;

import io.github.bilibiliapi.api.Api;
import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.client.BiliApiFile;
import io.github.bilibiliapi.internal.Nodes;
import io.github.bilibiliapi.paging.Page;
import io.github.bilibiliapi.paging.PageCursor;
import io.github.bilibiliapi.paging.Paged;
import java.util.List;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** Dynamic (feed) endpoints. */
public final class DynamicService {

    static final String UPLOAD_BFS_URL = "https://api.bilibili.com/x/dynamic/feed/draw/upload_bfs";
    static final String FEED_SPACE_URL = "https://api.bilibili.com/x/polymer/web-dynamic/v1/feed/space";
    /** The {@code features} the web space page asks for (the doc's default). */
    static final String FEATURES = "itemOpusStyle,listOnlyfans,opusBigCover,onlyfansVote,forwardListHidden,"
            + "decorationCard,commentsNewVersion,onlyfansAssetsV2,ugcDelete,onlyfansQaCard";

    private final BiliContext context;

    /** @param context the context requests run in; its credential (or none) must be logged in */
    public DynamicService(BiliContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    /**
     * {@code POST /x/dynamic/feed/draw/upload_bfs}: multipart part {@code file_up}, {@code biz=new_dyn},
     * {@code category=daily}, csrf. Needs a login.
     *
     * @param image a readable image file
     * @return where bilibili stored it
     * @throws IllegalArgumentException if the file does not exist or is not readable (before any I/O)
     * @throws io.github.bilibiliapi.api.CredentialException without SESSDATA or bili_jct (before any I/O)
     */
    public CompletableFuture<UploadedImage> uploadImage(Path image) {
        checkImage(image);
        Api api = Api.post(UPLOAD_BFS_URL).file("file_up", BiliApiFile.of(image)).data("biz", "new_dyn")
                .data("category", "daily").verify(true).build();
        return context.execute(api).thenApply(r -> UploadedImage.from(r.data()));
    }

    /** The argument check of {@link #uploadImage}, shared with {@link ReactiveDynamicService}. */
    static void checkImage(Path image) {
        Objects.requireNonNull(image, "image");
        if (!Files.isRegularFile(image) || !Files.isReadable(image)) {
            throw new IllegalArgumentException("Image to upload is not a readable file: " + image);
        }
    }

    /**
     * {@code GET /x/polymer/web-dynamic/v1/feed/space} (WBI + {@code dm_*}): a user's dynamics, newest first,
     * offset paging. Typed for videos, pictures, text, reposts, articles and live rooms; every item keeps its raw JSON.
     *
     * @param mid the user, positive
     * @return the dynamics, lazily paged
     * @throws IllegalArgumentException for a non-positive mid (before any I/O)
     */
    public Paged<DynamicItem> spaceFeed(long mid) {
        Nodes.positive(mid, "mid");
        return Paged.of(PageCursor.firstOffset(), cursor -> {
            Api api = Api.get(FEED_SPACE_URL).param("host_mid", mid).param("offset", cursor.token())
                    .param("timezone_offset", -480).param("platform", "web").param("features", FEATURES)
                    .param("web_location", "333.1387")
                    .param("x-bili-device-req-json", "{\"platform\":\"web\",\"device\":\"pc\"}")
                    .wbi(true).dm(true).build();
            return context.execute(api).thenApply(r -> {
                List<DynamicItem> items = Nodes.list(r.data().path("items"), DynamicItem::from);
                String offset = Nodes.text(r.data().path("offset"));
                boolean more = r.data().path("has_more").asBoolean(false) && !offset.isEmpty();
                return new Page<>(cursor, items, more ? PageCursor.offset(cursor.number() + 1, offset) : null, -1);
            });
        });
    }
}
