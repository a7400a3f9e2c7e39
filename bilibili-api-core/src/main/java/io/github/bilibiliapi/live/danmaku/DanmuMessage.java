package io.github.bilibiliapi.live.danmaku;

import tools.jackson.databind.JsonNode;

/**
 * A typed view of a {@code DANMU_MSG} (a viewer's chat message). bilibili sends it as positional arrays in
 * {@code info}; this picks the fields most programs need. Everything else stays in {@link DanmakuEvent#raw()}.
 *
 * <p>Without a logged-in credential bilibili hides other viewers' identities: {@code uid} is then 0 and the name is
 * masked.
 *
 * @param text            the message text ({@code info[1]})
 * @param uid             the sender's user id ({@code info[2][0]}), 0 when hidden
 * @param uname           the sender's name ({@code info[2][1]})
 * @param color           the text colour as {@code 0xRRGGBB} ({@code info[0][3]})
 * @param timestampMillis when it was sent, epoch milliseconds ({@code info[0][4]})
 * @param medalLevel      level of the fan medal the sender wears, 0 if none ({@code info[3][0]})
 * @param medalName       name of that medal, empty if none ({@code info[3][1]})
 */
public record DanmuMessage(String text, long uid, String uname, int color, long timestampMillis, int medalLevel,
        String medalName) {

    /**
     * Reads the view from a raw {@code DANMU_MSG} message.
     *
     * @param raw the message JSON (with {@code cmd} and {@code info})
     * @return the view; missing fields are empty strings or 0
     * @throws IllegalArgumentException if {@code raw} has no {@code info} array
     */
    public static DanmuMessage from(JsonNode raw) {
        JsonNode info = raw == null ? null : raw.get("info");
        if (info == null || !info.isArray()) {
            throw new IllegalArgumentException("not a DANMU_MSG: no info array");
        }
        JsonNode meta = info.path(0);
        JsonNode user = info.path(2);
        JsonNode medal = info.path(3);
        return new DanmuMessage(info.path(1).asString(""), user.path(0).asLong(0), user.path(1).asString(""),
                meta.path(3).asInt(0), meta.path(4).asLong(0), medal.path(0).asInt(0), medal.path(1).asString(""));
    }
}
