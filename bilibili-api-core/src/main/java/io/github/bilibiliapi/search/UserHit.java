package io.github.bilibiliapi.search;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.github.bilibiliapi.internal.Nodes;
import tools.jackson.databind.JsonNode;

/**
 * A user in search results.
 *
 * @param mid    mid
 * @param name   nickname, highlight stripped
 * @param sign   signature
 * @param fans   follower count
 * @param videos upload count
 * @param level  account level
 * @param face   avatar URL
 * @param live   whether the user is live now
 * @param roomId live room id (0 if none)
 * @param raw    the whole result item (not serialised to JSON)
 */
public record UserHit(long mid, HighlightedText name, String sign, long fans, long videos, int level, String face,
        boolean live, long roomId, @JsonIgnore JsonNode raw) {

    static UserHit from(JsonNode u) {
        return new UserHit(Nodes.longOf(u.path("mid")), HighlightedText.parse(Nodes.text(u.path("uname"))),
                Nodes.text(u.path("usign")), Nodes.longOf(u.path("fans")), Nodes.longOf(u.path("videos")),
                (int) Nodes.longOf(u.path("level")), Nodes.text(u.path("upic")), Nodes.longOf(u.path("is_live")) == 1,
                Nodes.longOf(u.path("room_id")), u);
    }
}
