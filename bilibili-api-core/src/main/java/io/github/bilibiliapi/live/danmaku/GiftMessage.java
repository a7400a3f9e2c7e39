package io.github.bilibiliapi.live.danmaku;

import tools.jackson.databind.JsonNode;

/**
 * A typed view of a {@code SEND_GIFT} message. Everything else stays in {@link DanmakuEvent#raw()}.
 *
 * @param uid       the sender's user id
 * @param uname     the sender's name
 * @param giftId    the gift id
 * @param giftName  the gift name
 * @param num       how many were sent
 * @param action    the verb shown, for example {@code 投喂}
 * @param price     unit price in the gift's coin ({@code gold}: 1/1000 CNY)
 * @param coinType  {@code gold} (paid) or {@code silver} (free)
 * @param totalCoin total value of this batch in {@code coinType}
 * @param timestamp when it was sent, epoch seconds
 */
public record GiftMessage(long uid, String uname, long giftId, String giftName, int num, String action, long price,
        String coinType, long totalCoin, long timestamp) {

    /**
     * Reads the view from a raw {@code SEND_GIFT} message.
     *
     * @param raw the message JSON (with {@code cmd} and {@code data})
     * @return the view; missing fields are empty strings or 0
     * @throws IllegalArgumentException if {@code raw} has no {@code data} object
     */
    public static GiftMessage from(JsonNode raw) {
        JsonNode d = DanmakuEvent.dataOf(raw, "SEND_GIFT");
        return new GiftMessage(d.path("uid").asLong(0), d.path("uname").asString(""), d.path("giftId").asLong(0),
                d.path("giftName").asString(""), d.path("num").asInt(0), d.path("action").asString(""),
                d.path("price").asLong(0), d.path("coin_type").asString(""), d.path("total_coin").asLong(0),
                d.path("timestamp").asLong(0));
    }
}
