package io.github.bilibiliapi.live.danmaku;

import tools.jackson.databind.JsonNode;

/**
 * A typed view of a {@code GUARD_BUY} message (a viewer bought a guard membership). Everything else stays in
 * {@link DanmakuEvent#raw()}.
 *
 * @param uid        the buyer's user id
 * @param username   the buyer's name
 * @param guardLevel 1 governor (总督), 2 admiral (提督), 3 captain (舰长)
 * @param num        how many months
 * @param price      price in gold coins (1/1000 CNY)
 * @param giftName   the membership's name, for example {@code 舰长}
 * @param startTime  epoch seconds
 */
public record GuardBuyMessage(long uid, String username, int guardLevel, int num, long price, String giftName,
        long startTime) {

    /**
     * Reads the view from a raw {@code GUARD_BUY} message.
     *
     * @param raw the message JSON (with {@code cmd} and {@code data})
     * @return the view; missing fields are empty strings or 0
     * @throws IllegalArgumentException if {@code raw} has no {@code data} object
     */
    public static GuardBuyMessage from(JsonNode raw) {
        JsonNode d = DanmakuEvent.dataOf(raw, "GUARD_BUY");
        return new GuardBuyMessage(d.path("uid").asLong(0), d.path("username").asString(""),
                d.path("guard_level").asInt(0), d.path("num").asInt(0), d.path("price").asLong(0),
                d.path("gift_name").asString(""), d.path("start_time").asLong(0));
    }
}
