package io.github.bilibiliapi.favorite;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.github.bilibiliapi.internal.Nodes;
import tools.jackson.databind.JsonNode;

/**
 * A favourites folder.
 *
 * @param id            the folder's full id (mlid; the {@code mediaId} of {@link FavoriteService#items})
 * @param fid           the folder's original id
 * @param mid           the creator's mid
 * @param title         title
 * @param mediaCount    how many items it holds
 * @param privateFolder whether it is private ({@code attr} bit 0)
 * @param defaultFolder whether it is the default folder ({@code attr} bit 1 clear)
 * @param raw           the whole folder object (not serialised to JSON)
 */
public record FavoriteFolder(long id, long fid, long mid, String title, long mediaCount, boolean privateFolder,
        boolean defaultFolder, @JsonIgnore JsonNode raw) {

    static FavoriteFolder from(JsonNode f) {
        long attr = Nodes.longOf(f.path("attr"));
        return new FavoriteFolder(Nodes.longOf(f.path("id")), Nodes.longOf(f.path("fid")), Nodes.longOf(f.path("mid")),
                Nodes.text(f.path("title")), Nodes.longOf(f.path("media_count")), (attr & 1) != 0, (attr & 2) == 0,
                f);
    }
}
