package io.github.bilibiliapi.favorite;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.github.bilibiliapi.internal.Nodes;
import tools.jackson.databind.JsonNode;

/**
 * An item of a favourites folder.
 *
 * @param id        the item's id (aid for a video, auid for an audio, collection id)
 * @param type      2 video, 12 audio, 21 video collection
 * @param title     title
 * @param cover     cover URL
 * @param intro     description
 * @param duration  duration, seconds
 * @param upperMid  uploader's mid
 * @param upperName uploader's name
 * @param bvid      bvid (videos), else ""
 * @param favTime   when it was added, unix seconds
 * @param invalid   whether it was deleted ({@code attr != 0})
 * @param raw       the whole media object (not serialised to JSON)
 */
public record FavoriteItem(long id, int type, String title, String cover, String intro, long duration, long upperMid,
        String upperName, String bvid, long favTime, boolean invalid, @JsonIgnore JsonNode raw) {

    static FavoriteItem from(JsonNode m) {
        JsonNode upper = m.path("upper");
        return new FavoriteItem(Nodes.longOf(m.path("id")), (int) Nodes.longOf(m.path("type")),
                Nodes.text(m.path("title")), Nodes.text(m.path("cover")), Nodes.text(m.path("intro")),
                Nodes.longOf(m.path("duration")), Nodes.longOf(upper.path("mid")), Nodes.text(upper.path("name")),
                Nodes.text(m.path("bvid")), Nodes.longOf(m.path("fav_time")), Nodes.longOf(m.path("attr")) != 0, m);
    }
}
