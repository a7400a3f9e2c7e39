package io.github.bilibiliapi.live.danmaku;

import tools.jackson.databind.JsonNode;

/**
 * A typed view of {@code LIKE_INFO_V3_CLICK} (a viewer liked the stream) or of the Open Platform's
 * {@code LIVE_OPEN_PLATFORM_LIKE} (likes of one viewer, aggregated over about 2 s). No real web body of it is in the
 * project's fixtures; the field names follow the public protocol notes and are read leniently.
 *
 * @param uid        the viewer's user id (0 when hidden or on the Open Platform)
 * @param uname      the viewer's name
 * @param likeText   the text shown, for example {@code 为主播点赞了}
 * @param likeCount  how many likes (1 on the web protocol)
 * @param medalLevel level of the fan medal worn, 0 if none
 * @param medalName  name of that medal, empty if none
 * @param openId     the viewer's Open Platform {@code open_id}, empty on the web protocol
 */
public record LikeClickMessage(long uid, String uname, String likeText, long likeCount, int medalLevel,
        String medalName, String openId) implements LiveMessage {

    /**
     * Reads the view.
     *
     * @param raw the message JSON (with {@code cmd} and {@code data})
     * @return the view
     * @throws IllegalArgumentException if {@code raw} has no {@code data} object
     */
    public static LikeClickMessage from(JsonNode raw) {
        JsonNode d = Views.data(raw, "LIKE_INFO_V3_CLICK");
        if (OpenPlatformViews.isOpenPlatform(raw)) {
            return new LikeClickMessage(0, d.path("uname").asString(""), d.path("like_text").asString(""),
                    d.path("like_count").asLong(0), d.path("fans_medal_level").asInt(0),
                    d.path("fans_medal_name").asString(""), d.path("open_id").asString(""));
        }
        JsonNode medal = d.path("fans_medal");
        return new LikeClickMessage(Views.longOf(d.get("uid")), d.path("uname").asString(""),
                d.path("like_text").asString(""), 1, medal.path("medal_level").asInt(0),
                medal.path("medal_name").asString(""), "");
    }
}
