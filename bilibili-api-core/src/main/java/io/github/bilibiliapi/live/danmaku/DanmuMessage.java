package io.github.bilibiliapi.live.danmaku;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A typed view of a {@code DANMU_MSG} (a viewer's chat message), or of the Open Platform's
 * {@code LIVE_OPEN_PLATFORM_DM}. bilibili sends the web form as positional arrays in {@code info} plus a JSON document
 * in a string ({@code info[0][15].extra}); this picks the fields most programs need. Everything else stays in
 * {@link DanmakuEvent#raw()}.
 *
 * <p>Without a logged-in credential bilibili hides other viewers' identities: {@code uid} is then 0 and the name is
 * masked.
 *
 * @param text            the message text ({@code info[1]})
 * @param uid             the sender's user id ({@code info[2][0]}), 0 when hidden or on the Open Platform
 * @param uname           the sender's name ({@code info[2][1]})
 * @param color           the text colour as {@code 0xRRGGBB} ({@code info[0][3]})
 * @param timestampMillis when it was sent, epoch milliseconds ({@code info[0][4]})
 * @param medalLevel      level of the fan medal the sender wears, 0 if none ({@code info[3][0]})
 * @param medalName       name of that medal, empty if none ({@code info[3][1]})
 * @param guardLevel      the sender's guard level in this room: 0 none, 1 governor, 2 admiral, 3 captain
 * @param face            the sender's avatar URL, empty if not sent
 * @param emoticons       the inline emoticons used in {@code text} ({@code extra.emots}), in no particular order
 * @param sticker         the sticker when the whole message is one ({@code info[0][13]}), otherwise {@code null}
 * @param replyMid        the user this message replies to (@), 0 if none
 * @param replyUname      that user's name, empty if none
 * @param id              the message id ({@code extra.id_str}, Open Platform {@code msg_id}), empty if not sent
 * @param openId          the sender's Open Platform {@code open_id}, empty on the web protocol
 */
public record DanmuMessage(String text, long uid, String uname, int color, long timestampMillis, int medalLevel,
        String medalName, int guardLevel, String face, List<Emoticon> emoticons, Emoticon sticker, long replyMid,
        String replyUname, String id, String openId) implements LiveMessage {

    /** What the view reads of {@code extra}. */
    private static final MessageReader.Pick EXTRA = MessageReader.Pick.object("emots", "reply_mid", "reply_uname",
            "id_str");

    /** Copies the emoticon list. */
    public DanmuMessage {
        emoticons = List.copyOf(emoticons);
    }

    /**
     * The short form used by earlier versions: no guard, avatar, emoticons, reply or ids.
     *
     * @param text            see the record
     * @param uid             see the record
     * @param uname           see the record
     * @param color           see the record
     * @param timestampMillis see the record
     * @param medalLevel      see the record
     * @param medalName       see the record
     */
    public DanmuMessage(String text, long uid, String uname, int color, long timestampMillis, int medalLevel,
            String medalName) {
        this(text, uid, uname, color, timestampMillis, medalLevel, medalName, 0, "", List.of(), null, 0, "", "", "");
    }

    /**
     * Reads the view from a raw {@code DANMU_MSG} or {@code LIVE_OPEN_PLATFORM_DM} message.
     *
     * @param raw the message JSON
     * @return the view; missing fields are empty strings or 0
     * @throws IllegalArgumentException if {@code raw} has neither an {@code info} array nor an Open Platform
     *                                  {@code data} object
     */
    public static DanmuMessage from(JsonNode raw) {
        if (OpenPlatformViews.isOpenPlatform(raw)) {
            return OpenPlatformViews.danmu(raw);
        }
        JsonNode info = raw == null ? null : raw.get("info");
        if (info == null || !info.isArray()) {
            throw new IllegalArgumentException("not a DANMU_MSG: no info array");
        }
        JsonNode meta = info.path(0);
        JsonNode user = info.path(2);
        JsonNode medal = info.path(3);
        JsonNode modeInfo = meta.path(15);
        JsonNode extra = Views.embeddedJson(modeInfo.path("extra"), EXTRA);
        List<Emoticon> emoticons = new ArrayList<>();
        JsonNode emots = extra.path("emots");
        if (emots.isObject()) {
            for (Map.Entry<String, JsonNode> e : emots.properties()) {
                JsonNode v = e.getValue();
                emoticons.add(new Emoticon(e.getKey(), v.path("url").asString(""), v.path("width").asInt(0),
                        v.path("height").asInt(0), v.path("emoticon_unique").asString("")));
            }
        }
        Emoticon sticker = null;
        JsonNode stickerNode = meta.path(13);
        if (meta.path(12).asInt(0) == 1 && stickerNode.isObject()) {
            sticker = new Emoticon(info.path(1).asString(""), stickerNode.path("url").asString(""),
                    stickerNode.path("width").asInt(0), stickerNode.path("height").asInt(0),
                    stickerNode.path("emoticon_unique").asString(""));
        }
        return new DanmuMessage(info.path(1).asString(""), user.path(0).asLong(0), user.path(1).asString(""),
                meta.path(3).asInt(0), meta.path(4).asLong(0), medal.path(0).asInt(0), medal.path(1).asString(""),
                info.path(7).asInt(0), modeInfo.path("user").path("base").path("face").asString(""), emoticons,
                sticker, extra.path("reply_mid").asLong(0), extra.path("reply_uname").asString(""),
                extra.path("id_str").asString(""), "");
    }
}
