package io.github.bilibiliapi.live.danmaku;

import tools.jackson.databind.JsonNode;

/**
 * A typed view of a {@code SUPER_CHAT_MESSAGE} (a paid, pinned message). Everything else stays in
 * {@link DanmakuEvent#raw()}.
 *
 * @param id        the super chat id
 * @param uid       the sender's user id
 * @param uname     the sender's name
 * @param message   the text
 * @param price     the price in CNY
 * @param startTime when it starts being pinned, epoch seconds
 * @param endTime   when it stops being pinned, epoch seconds
 */
public record SuperChatMessage(long id, long uid, String uname, String message, int price, long startTime,
        long endTime) {

    /**
     * Reads the view from a raw {@code SUPER_CHAT_MESSAGE} message.
     *
     * @param raw the message JSON (with {@code cmd} and {@code data})
     * @return the view; missing fields are empty strings or 0
     * @throws IllegalArgumentException if {@code raw} has no {@code data} object
     */
    public static SuperChatMessage from(JsonNode raw) {
        JsonNode d = DanmakuEvent.dataOf(raw, "SUPER_CHAT_MESSAGE");
        return new SuperChatMessage(d.path("id").asLong(0), d.path("uid").asLong(0),
                d.path("user_info").path("uname").asString(""), d.path("message").asString(""),
                d.path("price").asInt(0), d.path("start_time").asLong(0), d.path("end_time").asLong(0));
    }
}
