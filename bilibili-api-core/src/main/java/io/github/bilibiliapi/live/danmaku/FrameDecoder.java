package io.github.bilibiliapi.live.danmaku;

import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Turns the frames of one connection into what the connection acts on: the auth reply, heartbeat replies, and
 * server messages as {@link DanmakuEvent}s. Undecodable frames and messages become {@link DanmakuEvent#ERROR} events
 * and are skipped. Used on the connection's loop only.
 */
final class FrameDecoder {

    private static final Logger LOG = LoggerFactory.getLogger(LiveDanmaku.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** What the decoded packets mean for the connection. */
    interface Sink {
        /** The auth reply; {@code reply} is {@code null} when its body is not JSON. */
        void authReply(JsonNode reply);

        /** A heartbeat reply. */
        void popularity(long popularity);

        /** A server message or an error, to deliver to listeners. */
        void event(DanmakuEvent event);

        /** The real room id for events (0 before it is known). */
        long roomId();
    }

    private final DanmakuCodec codec;
    private final Sink sink;
    private boolean loginNoticeLogged; // one WARN per connection object, not per reconnect

    FrameDecoder(int maxInflatedBytes, Sink sink) {
        this.codec = new DanmakuCodec(maxInflatedBytes);
        this.sink = sink;
    }

    /**
     * Decodes one frame.
     *
     * @param live checked before each packet: once false, the rest of the frame is dropped
     */
    void frame(byte[] frame, BooleanSupplier live) {
        try {
            codec.decode(frame, p -> {
                if (live.getAsBoolean()) {
                    packet(p);
                }
            });
        } catch (DanmakuProtocolException e) {
            // skip the rest of this frame; the reader goes on with the next one
            error(e);
        }
    }

    private void packet(DanmakuPacket p) {
        switch (p.op()) {
            case DanmakuPacket.OP_AUTH_REPLY -> {
                JsonNode reply;
                try {
                    reply = JSON.readTree(p.bodyArray());
                } catch (JacksonException e) {
                    reply = null;
                }
                sink.authReply(reply);
            }
            case DanmakuPacket.OP_HEARTBEAT_REPLY -> sink.popularity(p.popularity());
            case DanmakuPacket.OP_MESSAGE -> message(p);
            default -> error(new DanmakuProtocolException(DanmakuProtocolException.Kind.UNKNOWN_OP,
                    "ignored a packet with unknown op " + p.op() + " (protover " + p.protover() + ", "
                            + p.bodyLength() + "-byte body)"));
        }
    }

    private void message(DanmakuPacket p) {
        JsonNode msg;
        try {
            msg = JSON.readTree(p.bodyArray());
        } catch (JacksonException e) {
            error(new DanmakuProtocolException(DanmakuProtocolException.Kind.MALFORMED,
                    "message body is not JSON (" + p.bodyLength() + " bytes): " + e.getOriginalMessage(), e));
            return;
        }
        JsonNode cmd = msg == null ? null : msg.get("cmd");
        if (cmd == null || !cmd.isString() || cmd.stringValue().isBlank()) {
            error(new DanmakuProtocolException(DanmakuProtocolException.Kind.MALFORMED,
                    "message has no string cmd (" + p.bodyLength() + " bytes)"));
            return;
        }
        String type = DanmakuEvent.typeOf(cmd.stringValue());
        if (DanmakuEvent.LOG_IN_NOTICE.equals(type) && !loginNoticeLogged) {
            loginNoticeLogged = true;
            LOG.warn("danmaku room {}: bilibili says this connection is not logged in (LOG_IN_NOTICE \"{}\"); other "
                    + "viewers' names are masked and their uids are 0 from now on. Connect with a Credential that has "
                    + "SESSDATA and DedeUserID (in Spring: bilibili.credential.*) to see them.", sink.roomId(),
                    msg.path("data").path("notice_msg").asString(""));
        }
        sink.event(new DanmakuEvent(type, msg, sink.roomId(), null));
    }

    private void error(DanmakuProtocolException e) {
        LOG.debug("danmaku room {}: {}", sink.roomId(), e.getMessage());
        ObjectNode raw = NODES.objectNode();
        raw.put("message", e.getMessage());
        sink.event(new DanmakuEvent(DanmakuEvent.ERROR, raw, sink.roomId(), e));
    }
}
