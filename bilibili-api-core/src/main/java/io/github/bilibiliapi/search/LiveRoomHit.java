package io.github.bilibiliapi.search;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.github.bilibiliapi.internal.Nodes;
import tools.jackson.databind.JsonNode;

/**
 * A live room in search results.
 *
 * @param roomId room id
 * @param uid    streamer's mid
 * @param title  room title, highlight stripped
 * @param uname  streamer's name, highlight stripped
 * @param online popularity shown
 * @param cover  cover URL
 * @param live   whether it is live now ({@code live_status == 1})
 * @param raw    the whole result item (not serialised to JSON)
 */
public record LiveRoomHit(long roomId, long uid, HighlightedText title, HighlightedText uname, long online,
        String cover, boolean live, @JsonIgnore JsonNode raw) {

    static LiveRoomHit from(JsonNode r) {
        return new LiveRoomHit(Nodes.longOf(r.path("roomid")), Nodes.longOf(r.path("uid")),
                HighlightedText.parse(Nodes.text(r.path("title"))), HighlightedText.parse(Nodes.text(r.path("uname"))),
                Nodes.longOf(r.path("online")), Nodes.text(r.path("user_cover")),
                Nodes.longOf(r.path("live_status")) == 1, r);
    }
}
