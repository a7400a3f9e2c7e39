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
    /** Per thread, not per connection: thousands of rooms share the few threads they are decoded on. */
    private static final ThreadLocal<DanmakuCodec.Scratch> SCRATCH = ThreadLocal.withInitial(DanmakuCodec.Scratch::new);
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
        DanmakuCodec.Scratch scratch = SCRATCH.get();
        // a listener may make this thread decode another room's frame before returning: that one gets its own
        boolean shared = scratch.acquire();
        if (!shared) {
            scratch = new DanmakuCodec.Scratch();
        }
        try {
            // bodies are parsed where they lie, in the frame or the reused inflate buffer: no copy per message
            codec.decode(frame, (protover, op, sequence, buf, off, len) -> {
                if (live.getAsBoolean()) {
                    packet(protover, op, sequence, buf, off, len);
                }
            }, scratch);
        } catch (DanmakuProtocolException e) {
            // skip the rest of this frame; the reader goes on with the next one
            error(e);
        } finally {
            if (shared) {
                scratch.release();
            } else {
                scratch.close();
            }
        }
    }

    private void packet(int protover, int op, int sequence, byte[] buf, int off, int len) {
        switch (op) {
            case DanmakuPacket.OP_AUTH_REPLY -> {
                JsonNode reply;
                try {
                    reply = JSON.readTree(buf, off, len);
                } catch (JacksonException e) {
                    reply = null;
                }
                sink.authReply(reply);
            }
            // the codec checked that the body has the 4 bytes
            case DanmakuPacket.OP_HEARTBEAT_REPLY ->
                    sink.popularity(Integer.toUnsignedLong(DanmakuCodec.getInt(buf, off)));
            case DanmakuPacket.OP_MESSAGE -> message(buf, off, len);
            default -> error(new DanmakuProtocolException(DanmakuProtocolException.Kind.UNKNOWN_OP,
                    "ignored a packet with unknown op " + op + " (protover " + protover + ", " + len
                            + "-byte body)"));
        }
    }

    private void message(byte[] buf, int off, int len) {
        MessageReader.Result read;
        try {
            read = MessageReader.read(buf, off, len, MessageReader.VIEW_PICKS);
        } catch (MessageReader.MalformedException e) {
            error(new DanmakuProtocolException(DanmakuProtocolException.Kind.MALFORMED,
                    "message body is not JSON (" + len + " bytes): " + e.getMessage(), e));
            return;
        }
        DanmakuEvent event;
        if (read == null) {
            event = wholeMessage(buf, off, len); // no leading string cmd: bilibili does not send that
            if (event == null) {
                return;
            }
        } else if (read.cmd().isBlank()) {
            error(new DanmakuProtocolException(DanmakuProtocolException.Kind.MALFORMED,
                    "message has no string cmd (" + len + " bytes)"));
            return;
        } else {
            // the event keeps its own copy: the frame and the inflate buffer are reused
            event = DanmakuEvent.decoded(DanmakuEvent.typeOf(read.cmd()), read.cmd(),
                    java.util.Arrays.copyOfRange(buf, off, off + len), read.tree(), sink.roomId());
        }
        if (DanmakuEvent.LOG_IN_NOTICE.equals(event.type()) && !loginNoticeLogged) {
            loginNoticeLogged = true;
            String notice;
            try {
                notice = event.logInNotice().noticeMsg();
            } catch (IllegalArgumentException e) {
                notice = "";
            }
            LOG.warn("danmaku room {}: bilibili says this connection is not logged in (LOG_IN_NOTICE \"{}\"); other "
                    + "viewers' names are masked and their uids are 0 from now on. Connect with a Credential that has "
                    + "SESSDATA and DedeUserID (in Spring: bilibili.credential.*) to see them.", sink.roomId(), notice);
        }
        sink.event(event);
    }

    /** A message whose first property is not a string {@code cmd}: parsed whole, as any JSON may be. */
    private DanmakuEvent wholeMessage(byte[] buf, int off, int len) {
        JsonNode msg;
        try {
            msg = JSON.readTree(buf, off, len);
        } catch (JacksonException e) {
            error(new DanmakuProtocolException(DanmakuProtocolException.Kind.MALFORMED,
                    "message body is not JSON (" + len + " bytes): " + e.getOriginalMessage(), e));
            return null;
        }
        JsonNode cmd = msg == null ? null : msg.get("cmd");
        if (cmd == null || !cmd.isString() || cmd.stringValue().isBlank()) {
            error(new DanmakuProtocolException(DanmakuProtocolException.Kind.MALFORMED,
                    "message has no string cmd (" + len + " bytes)"));
            return null;
        }
        return new DanmakuEvent(DanmakuEvent.typeOf(cmd.stringValue()), msg, sink.roomId(), null);
    }

    private void error(DanmakuProtocolException e) {
        LOG.debug("danmaku room {}: {}", sink.roomId(), e.getMessage());
        ObjectNode raw = NODES.objectNode();
        raw.put("message", e.getMessage());
        sink.event(new DanmakuEvent(DanmakuEvent.ERROR, raw, sink.roomId(), e));
    }
}
