package io.github.bilibiliapi.live.danmaku;

import tools.jackson.databind.JsonNode;

/**
 * A typed view of a {@code SUPER_CHAT_MESSAGE} or {@code SUPER_CHAT_MESSAGE_JPN} (a paid, pinned message; the
 * {@code _JPN} form carries ids as strings and a Japanese translation), or of the Open Platform's
 * {@code LIVE_OPEN_PLATFORM_SUPER_CHAT}. Everything else stays in {@link DanmakuEvent#raw()}.
 *
 * @param id         the super chat id
 * @param uid        the sender's user id (0 on the Open Platform)
 * @param uname      the sender's name
 * @param message    the text
 * @param price      the price in CNY
 * @param startTime  when it starts being pinned, epoch seconds
 * @param endTime    when it stops being pinned, epoch seconds
 * @param face       the sender's avatar URL, empty if not sent
 * @param medalLevel level of the fan medal the sender wears, 0 if none
 * @param medalName  name of that medal, empty if none
 * @param guardLevel the sender's guard level: 0 none, 1 governor, 2 admiral, 3 captain
 * @param openId     the sender's Open Platform {@code open_id}, empty on the web protocol
 */
public record SuperChatMessage(long id, long uid, String uname, String message, int price, long startTime,
        long endTime, String face, int medalLevel, String medalName, int guardLevel, String openId)
        implements LiveMessage {

    /**
     * The short form used by earlier versions.
     *
     * @param id        see the record
     * @param uid       see the record
     * @param uname     see the record
     * @param message   see the record
     * @param price     see the record
     * @param startTime see the record
     * @param endTime   see the record
     */
    public SuperChatMessage(long id, long uid, String uname, String message, int price, long startTime,
            long endTime) {
        this(id, uid, uname, message, price, startTime, endTime, "", 0, "", 0, "");
    }

    /**
     * Reads the view from a raw super chat message (web or Open Platform).
     *
     * @param raw the message JSON (with {@code cmd} and {@code data})
     * @return the view; missing fields are empty strings or 0
     * @throws IllegalArgumentException if {@code raw} has no {@code data} object
     */
    public static SuperChatMessage from(JsonNode raw) {
        if (OpenPlatformViews.isOpenPlatform(raw)) {
            return OpenPlatformViews.superChat(raw);
        }
        JsonNode d = Views.data(raw, "SUPER_CHAT_MESSAGE");
        JsonNode user = d.path("user_info");
        JsonNode medal = d.path("medal_info");
        return new SuperChatMessage(Views.longOf(d.get("id")), Views.longOf(d.get("uid")),
                user.path("uname").asString(""), d.path("message").asString(""), (int) Views.longOf(d.get("price")),
                Views.longOf(d.get("start_time")), Views.longOf(d.get("end_time")), user.path("face").asString(""),
                medal.path("medal_level").asInt(0), medal.path("medal_name").asString(""),
                user.path("guard_level").asInt(0), "");
    }
}
