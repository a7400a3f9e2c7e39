package io.github.bilibiliapi.favorite;

import io.github.bilibiliapi.api.Api;
import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.internal.Nodes;
import io.github.bilibiliapi.paging.Page;
import io.github.bilibiliapi.paging.PageCursor;
import io.github.bilibiliapi.paging.Paged;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** Favourites: a user's folders and a folder's items. Private folders need the owner's login in the context. */
public final class FavoriteService {

    static final String FOLDERS_URL = "https://api.bilibili.com/x/v3/fav/folder/created/list-all";
    static final String RESOURCES_URL = "https://api.bilibili.com/x/v3/fav/resource/list";
    /** Items per page (bilibili's maximum). */
    public static final int ITEMS_PAGE_SIZE = 20;

    private final BiliContext context;

    /** @param context the context requests run in */
    public FavoriteService(BiliContext context) {
        this.context = Objects.requireNonNull(context, "context");
    }

    /**
     * {@code GET /x/v3/fav/folder/created/list-all?up_mid=}: the folders a user created (empty when hidden or none).
     *
     * @param upMid the user, positive
     * @return the folders
     * @throws IllegalArgumentException for a non-positive mid (before any I/O)
     */
    public CompletableFuture<List<FavoriteFolder>> folders(long upMid) {
        Nodes.positive(upMid, "upMid");
        Api api = Api.get(FOLDERS_URL).param("up_mid", upMid).param("web_location", "333.1387").build();
        return context.execute(api).thenApply(r -> Nodes.list(r.data().path("list"), FavoriteFolder::from));
    }

    /**
     * {@code GET /x/v3/fav/resource/list}: a folder's items, newest favourite first, page-number paging of
     * {@value #ITEMS_PAGE_SIZE}.
     *
     * @param mediaId the folder's full id ({@link FavoriteFolder#id()}), positive
     * @return the items, lazily paged
     * @throws IllegalArgumentException for a non-positive id (before any I/O)
     */
    public Paged<FavoriteItem> items(long mediaId) {
        Nodes.positive(mediaId, "mediaId");
        return Paged.of(PageCursor.page(1), cursor -> {
            Api api = Api.get(RESOURCES_URL).param("media_id", mediaId).param("ps", ITEMS_PAGE_SIZE)
                    .param("pn", cursor.number()).param("order", "mtime").param("type", 0).param("tid", 0)
                    .param("platform", "web").build();
            return context.execute(api).thenApply(r -> {
                List<FavoriteItem> items = Nodes.list(r.data().path("medias"), FavoriteItem::from);
                boolean more = r.data().path("has_more").asBoolean(false) && !items.isEmpty();
                long total = Nodes.longOf(r.data().path("info").path("media_count"));
                return new Page<>(cursor, items, more ? PageCursor.page(cursor.number() + 1) : null,
                        r.data().path("info").isObject() ? total : -1);
            });
        });
    }
}
