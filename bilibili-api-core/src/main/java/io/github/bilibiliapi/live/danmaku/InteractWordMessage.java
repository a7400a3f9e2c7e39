package io.github.bilibiliapi.live.danmaku;

import tools.jackson.databind.JsonNode;

/**
 * A typed view of an {@code INTERACT_WORD} message (a viewer entered, followed, shared…). Everything else stays in
 * {@link DanmakuEvent#raw()}.
 *
 * @param uid       the viewer's user id
 * @param uname     the viewer's name
 * @param msgType   what happened: 1 entered, 2 followed, 3 shared, 4 special follow, 5 mutual follow, 6 liked
 * @param roomId    the room id
 * @param timestamp when it happened, epoch seconds
 */
public record InteractWordMessage(long uid, String uname, int msgType, long roomId, long timestamp) {

    /** {@link #msgType()} of a viewer entering the room. */
    public static final int ENTER = 1;
    /** {@link #msgType()} of a viewer following the streamer. */
    public static final int FOLLOW = 2;
    /** {@link #msgType()} of a viewer sharing the room. */
    public static final int SHARE = 3;

    /**
     * Reads the view from a raw {@code INTERACT_WORD} message.
     *
     * @param raw the message JSON (with {@code cmd} and {@code data})
     * @return the view; missing fields are empty strings or 0
     * @throws IllegalArgumentException if {@code raw} has no {@code data} object
     */
    public static InteractWordMessage from(JsonNode raw) {
        JsonNode d = DanmakuEvent.dataOf(raw, "INTERACT_WORD");
        return new InteractWordMessage(d.path("uid").asLong(0), d.path("uname").asString(""),
                d.path("msg_type").asInt(0), d.path("roomid").asLong(0), d.path("timestamp").asLong(0));
    }
}
