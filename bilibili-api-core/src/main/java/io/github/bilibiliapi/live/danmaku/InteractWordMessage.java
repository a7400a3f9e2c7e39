package io.github.bilibiliapi.live.danmaku;

import java.util.Base64;
import tools.jackson.databind.JsonNode;

/**
 * A typed view of an {@code INTERACT_WORD} message (a viewer entered, followed, shared…), of its newer form
 * {@code INTERACT_WORD_V2} (the same fields as a base64 protobuf in {@code data.pb}, decoded here), and of the Open
 * Platform's {@code LIVE_OPEN_PLATFORM_LIVE_ROOM_ENTER}. Everything else stays in {@link DanmakuEvent#raw()}.
 *
 * @param uid        the viewer's user id (0 when hidden or on the Open Platform)
 * @param uname      the viewer's name
 * @param msgType    what happened: 1 entered, 2 followed, 3 shared, 4 special follow, 5 mutual follow, 6 liked
 * @param roomId     the room id
 * @param timestamp  when it happened, epoch seconds
 * @param medalLevel level of the fan medal worn, 0 if none
 * @param medalName  name of that medal, empty if none
 * @param openId     the viewer's Open Platform {@code open_id}, empty on the web protocol
 */
public record InteractWordMessage(long uid, String uname, int msgType, long roomId, long timestamp, int medalLevel,
        String medalName, String openId) implements LiveMessage {

    /** {@link #msgType()} of a viewer entering the room. */
    public static final int ENTER = 1;
    /** {@link #msgType()} of a viewer following the streamer. */
    public static final int FOLLOW = 2;
    /** {@link #msgType()} of a viewer sharing the room. */
    public static final int SHARE = 3;

    /**
     * The short form used by earlier versions.
     *
     * @param uid       see the record
     * @param uname     see the record
     * @param msgType   see the record
     * @param roomId    see the record
     * @param timestamp see the record
     */
    public InteractWordMessage(long uid, String uname, int msgType, long roomId, long timestamp) {
        this(uid, uname, msgType, roomId, timestamp, 0, "", "");
    }

    /**
     * Reads the view from a raw {@code INTERACT_WORD}, {@code INTERACT_WORD_V2} or Open Platform enter message.
     *
     * @param raw the message JSON (with {@code cmd} and {@code data})
     * @return the view; missing fields are empty strings or 0
     * @throws IllegalArgumentException if {@code raw} has no {@code data} object, or {@code data.pb} is not valid
     *                                  base64 protobuf
     */
    public static InteractWordMessage from(JsonNode raw) {
        JsonNode d = Views.data(raw, "INTERACT_WORD");
        if (OpenPlatformViews.isOpenPlatform(raw)) {
            return new InteractWordMessage(0, d.path("uname").asString(""), ENTER, Views.longOf(d.get("room_id")),
                    d.path("timestamp").asLong(0), 0, "", d.path("open_id").asString(""));
        }
        JsonNode pb = d.get("pb");
        if (pb != null && pb.isString()) {
            return fromProtobuf(Base64.getDecoder().decode(pb.stringValue()));
        }
        JsonNode medal = d.path("fans_medal");
        return new InteractWordMessage(d.path("uid").asLong(0), d.path("uname").asString(""),
                d.path("msg_type").asInt(0), d.path("roomid").asLong(0), d.path("timestamp").asLong(0),
                medal.path("medal_level").asInt(0), medal.path("medal_name").asString(""), "");
    }

    /**
     * {@code INTERACT_WORD_V2}'s protobuf: 1 uid, 2 uname, 5 msg_type, 6 roomid, 7 timestamp, 9 fans_medal
     * (2 medal_level, 3 medal_name) — the numbering of bilibili's {@code InteractWord} message.
     */
    static InteractWordMessage fromProtobuf(byte[] bytes) {
        long uid = 0;
        long room = 0;
        long ts = 0;
        int type = 0;
        int medalLevel = 0;
        String uname = "";
        String medalName = "";
        ProtoReader r = new ProtoReader(bytes);
        while (r.next()) {
            switch (r.field()) {
                case 1 -> uid = r.varint();
                case 2 -> uname = r.string();
                case 5 -> type = (int) r.varint();
                case 6 -> room = r.varint();
                case 7 -> ts = r.varint();
                case 9 -> {
                    ProtoReader m = r.message();
                    while (m.next()) {
                        if (m.field() == 2) {
                            medalLevel = (int) m.varint();
                        } else if (m.field() == 3) {
                            medalName = m.string();
                        }
                    }
                }
                default -> {
                    // other fields (identities, score, uinfo...) stay in raw
                }
            }
        }
        return new InteractWordMessage(uid, uname, type, room, ts, medalLevel, medalName, "");
    }
}
