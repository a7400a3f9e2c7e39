package io.github.bilibiliapi.live.danmaku;

import tools.jackson.databind.JsonNode;

/**
 * A typed view of a {@code SEND_GIFT} message, or of the Open Platform's {@code LIVE_OPEN_PLATFORM_SEND_GIFT}.
 * Everything else stays in {@link DanmakuEvent#raw()}.
 *
 * @param uid        the sender's user id (0 on the Open Platform)
 * @param uname      the sender's name
 * @param giftId     the gift id
 * @param giftName   the gift name
 * @param num        how many were sent
 * @param action     the verb shown, for example {@code 投喂}
 * @param price      unit price in the gift's coin ({@code gold}: 1/1000 CNY)
 * @param coinType   {@code gold} (paid) or {@code silver} (free)
 * @param totalCoin  total value of this batch in {@code coinType}
 * @param timestamp  when it was sent, epoch seconds
 * @param face       the sender's avatar URL, empty if not sent
 * @param medalLevel level of the fan medal the sender wears, 0 if none
 * @param medalName  name of that medal, empty if none
 * @param guardLevel the sender's guard level: 0 none, 1 governor, 2 admiral, 3 captain
 * @param openId     the sender's Open Platform {@code open_id}, empty on the web protocol
 */
public record GiftMessage(long uid, String uname, long giftId, String giftName, int num, String action, long price,
        String coinType, long totalCoin, long timestamp, String face, int medalLevel, String medalName,
        int guardLevel, String openId) implements LiveMessage {

    /**
     * The short form used by earlier versions.
     *
     * @param uid       see the record
     * @param uname     see the record
     * @param giftId    see the record
     * @param giftName  see the record
     * @param num       see the record
     * @param action    see the record
     * @param price     see the record
     * @param coinType  see the record
     * @param totalCoin see the record
     * @param timestamp see the record
     */
    public GiftMessage(long uid, String uname, long giftId, String giftName, int num, String action, long price,
            String coinType, long totalCoin, long timestamp) {
        this(uid, uname, giftId, giftName, num, action, price, coinType, totalCoin, timestamp, "", 0, "", 0, "");
    }

    /**
     * Reads the view from a raw gift message (web or Open Platform).
     *
     * @param raw the message JSON (with {@code cmd} and {@code data})
     * @return the view; missing fields are empty strings or 0
     * @throws IllegalArgumentException if {@code raw} has no {@code data} object
     */
    public static GiftMessage from(JsonNode raw) {
        if (OpenPlatformViews.isOpenPlatform(raw)) {
            return OpenPlatformViews.gift(raw);
        }
        JsonNode d = Views.data(raw, "SEND_GIFT");
        JsonNode medal = d.path("medal_info");
        return new GiftMessage(d.path("uid").asLong(0), d.path("uname").asString(""), d.path("giftId").asLong(0),
                d.path("giftName").asString(""), d.path("num").asInt(0), d.path("action").asString(""),
                d.path("price").asLong(0), d.path("coin_type").asString(""), d.path("total_coin").asLong(0),
                d.path("timestamp").asLong(0), d.path("face").asString(""), medal.path("medal_level").asInt(0),
                medal.path("medal_name").asString(""), d.path("guard_level").asInt(0), "");
    }
}
