package io.github.bilibiliapi.live;

import com.fasterxml.jackson.annotation.JsonIgnore;
import tools.jackson.databind.JsonNode;

/**
 * A live room's identity ({@code room_init}): the real id behind a display (short) id.
 *
 * @param roomId     the real room id (what danmaku and most live APIs need)
 * @param shortId    the short display id, 0 if none
 * @param uid        the streamer's mid
 * @param liveStatus 0 offline, 1 live, 2 replaying
 * @param hidden     whether the room is hidden
 * @param locked     whether the room is locked
 * @param encrypted  whether the room needs a password
 * @param raw        the whole {@code data} object
 */
public record RoomInit(long roomId, long shortId, long uid, int liveStatus, boolean hidden, boolean locked,
        boolean encrypted, @JsonIgnore JsonNode raw) {

    static RoomInit from(JsonNode d) {
        return new RoomInit(d.path("room_id").asLong(0), d.path("short_id").asLong(0), d.path("uid").asLong(0),
                d.path("live_status").asInt(0), d.path("is_hidden").asBoolean(false),
                d.path("is_locked").asBoolean(false), d.path("encrypted").asBoolean(false), d);
    }
}
