package io.github.bilibiliapi.live.danmaku;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * The Open Platform's {@code LIVE_OPEN_PLATFORM_*} messages read into the web protocol's views, and their event
 * types: a listener on {@code DANMU_MSG} receives {@code LIVE_OPEN_PLATFORM_DM} too. Field names are those of the
 * Open Platform documentation as quoted by blivedm's models; users are identified by {@code open_id} (older messages
 * also carried {@code uid}, read when present).
 */
final class OpenPlatformViews {

    static final String PREFIX = "LIVE_OPEN_PLATFORM_";
    /** The platform stopped pushing for a game (its heartbeats stopped, or it was ended elsewhere). */
    static final String INTERACTION_END = "LIVE_OPEN_PLATFORM_INTERACTION_END";

    /** Open Platform cmd → the web event type whose view it maps onto. */
    static final Map<String, String> TYPES = Map.of(
            "LIVE_OPEN_PLATFORM_DM", "DANMU_MSG",
            "LIVE_OPEN_PLATFORM_SEND_GIFT", "SEND_GIFT",
            "LIVE_OPEN_PLATFORM_SUPER_CHAT", "SUPER_CHAT_MESSAGE",
            "LIVE_OPEN_PLATFORM_SUPER_CHAT_DEL", "SUPER_CHAT_MESSAGE_DELETE",
            "LIVE_OPEN_PLATFORM_GUARD", "GUARD_BUY",
            "LIVE_OPEN_PLATFORM_LIKE", "LIKE_INFO_V3_CLICK",
            "LIVE_OPEN_PLATFORM_LIVE_ROOM_ENTER", "INTERACT_WORD",
            "LIVE_OPEN_PLATFORM_LIVE_START", "LIVE",
            "LIVE_OPEN_PLATFORM_LIVE_END", "PREPARING");

    private OpenPlatformViews() {
    }

    static boolean isOpenPlatform(JsonNode raw) {
        return raw != null && raw.path("cmd").asString("").startsWith(PREFIX);
    }

    static DanmuMessage danmu(JsonNode raw) {
        JsonNode d = Views.data(raw, "LIVE_OPEN_PLATFORM_DM");
        String text = d.path("msg").asString("");
        Emoticon sticker = null;
        String emoji = d.path("emoji_img_url").asString("");
        if (d.path("dm_type").asInt(0) == 1 && !emoji.isEmpty()) {
            sticker = new Emoticon(text, emoji, 0, 0, "");
        }
        return new DanmuMessage(text, d.path("uid").asLong(0), d.path("uname").asString(""), 0xFFFFFF,
                d.path("timestamp").asLong(0) * 1000, d.path("fans_medal_level").asInt(0),
                d.path("fans_medal_name").asString(""), d.path("guard_level").asInt(0), d.path("uface").asString(""),
                List.of(), sticker, 0, d.path("reply_uname").asString(""), d.path("msg_id").asString(""),
                d.path("open_id").asString(""));
    }

    static GiftMessage gift(JsonNode raw) {
        JsonNode d = Views.data(raw, "LIVE_OPEN_PLATFORM_SEND_GIFT");
        long price = d.path("price").asLong(0);
        int num = d.path("gift_num").asInt(0);
        boolean paid = d.path("paid").asBoolean(false);
        return new GiftMessage(d.path("uid").asLong(0), d.path("uname").asString(""), d.path("gift_id").asLong(0),
                d.path("gift_name").asString(""), num, "投喂", price, paid ? "gold" : "silver", price * num,
                d.path("timestamp").asLong(0), d.path("uface").asString(""), d.path("fans_medal_level").asInt(0),
                d.path("fans_medal_name").asString(""), d.path("guard_level").asInt(0),
                d.path("open_id").asString(""));
    }

    static SuperChatMessage superChat(JsonNode raw) {
        JsonNode d = Views.data(raw, "LIVE_OPEN_PLATFORM_SUPER_CHAT");
        return new SuperChatMessage(d.path("message_id").asLong(0), d.path("uid").asLong(0),
                d.path("uname").asString(""), d.path("message").asString(""), d.path("rmb").asInt(0),
                d.path("start_time").asLong(0), d.path("end_time").asLong(0), d.path("uface").asString(""),
                d.path("fans_medal_level").asInt(0), d.path("fans_medal_name").asString(""),
                d.path("guard_level").asInt(0), d.path("open_id").asString(""));
    }

    static GuardBuyMessage guard(JsonNode raw) {
        JsonNode d = Views.data(raw, "LIVE_OPEN_PLATFORM_GUARD");
        JsonNode u = d.path("user_info");
        int level = d.path("guard_level").asInt(0);
        return new GuardBuyMessage(u.path("uid").asLong(0), u.path("uname").asString(""), level,
                d.path("guard_num").asInt(0), d.path("price").asLong(0), GuardBuyMessage.levelName(level),
                d.path("timestamp").asLong(0), u.path("open_id").asString(""));
    }
}
