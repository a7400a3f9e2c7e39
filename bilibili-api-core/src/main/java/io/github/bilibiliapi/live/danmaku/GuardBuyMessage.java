package io.github.bilibiliapi.live.danmaku;

import tools.jackson.databind.JsonNode;

/**
 * A typed view of a {@code GUARD_BUY} message (a viewer bought a guard membership), or of the Open Platform's
 * {@code LIVE_OPEN_PLATFORM_GUARD}. Everything else stays in {@link DanmakuEvent#raw()}.
 *
 * @param uid        the buyer's user id (0 on the Open Platform)
 * @param username   the buyer's name
 * @param guardLevel 1 governor (总督), 2 admiral (提督), 3 captain (舰长)
 * @param num        how many units ({@code guard_num}; months unless the Open Platform's {@code guard_unit} says
 *                   otherwise)
 * @param price      price in gold coins (1/1000 CNY); 0 when not sent
 * @param giftName   the membership's name, for example {@code 舰长}
 * @param startTime  epoch seconds
 * @param openId     the buyer's Open Platform {@code open_id}, empty on the web protocol
 */
public record GuardBuyMessage(long uid, String username, int guardLevel, int num, long price, String giftName,
        long startTime, String openId) implements LiveMessage {

    /**
     * The short form used by earlier versions.
     *
     * @param uid        see the record
     * @param username   see the record
     * @param guardLevel see the record
     * @param num        see the record
     * @param price      see the record
     * @param giftName   see the record
     * @param startTime  see the record
     */
    public GuardBuyMessage(long uid, String username, int guardLevel, int num, long price, String giftName,
            long startTime) {
        this(uid, username, guardLevel, num, price, giftName, startTime, "");
    }

    /**
     * Reads the view from a raw guard message (web or Open Platform).
     *
     * @param raw the message JSON (with {@code cmd} and {@code data})
     * @return the view; missing fields are empty strings or 0
     * @throws IllegalArgumentException if {@code raw} has no {@code data} object
     */
    public static GuardBuyMessage from(JsonNode raw) {
        if (OpenPlatformViews.isOpenPlatform(raw)) {
            return OpenPlatformViews.guard(raw);
        }
        JsonNode d = Views.data(raw, "GUARD_BUY");
        return new GuardBuyMessage(d.path("uid").asLong(0), d.path("username").asString(""),
                d.path("guard_level").asInt(0), d.path("num").asInt(0), d.path("price").asLong(0),
                d.path("gift_name").asString(""), d.path("start_time").asLong(0), "");
    }

    /** The usual name of a guard level. */
    static String levelName(int level) {
        return switch (level) {
            case 1 -> "总督";
            case 2 -> "提督";
            case 3 -> "舰长";
            default -> "";
        };
    }
}
