package io.github.bilibiliapi.live.danmaku;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * One packet of bilibili's live danmaku protocol: the 16-byte header fields and the body.
 *
 * <p>On the wire the header is big-endian: {@code u32} packet length (header included), {@code u16} header length
 * (16), {@code u16} protocol version, {@code u32} operation, {@code u32} sequence. The packet length and header length
 * are not kept here: {@link DanmakuCodec#encode(DanmakuPacket)} derives them from the body.
 *
 * <p>The record is immutable: the body array is copied on the way in and on the way out. Read it without a copy
 * through {@link #bodyText()}, {@link #bodyLength()} or {@link #popularity()}.
 *
 * @param protover protocol version of the body: {@link #PROTOVER_JSON}, {@link #PROTOVER_INT},
 *                 {@link #PROTOVER_ZLIB} or {@link #PROTOVER_BROTLI} (0..65535)
 * @param op       operation, for example {@link #OP_MESSAGE}
 * @param sequence sequence number; bilibili's web client always sends 1
 * @param body     the body bytes, never {@code null} (use an empty array)
 */
public record DanmakuPacket(int protover, int op, int sequence, byte[] body) {

    /** Protocol version 0: the body is one UTF-8 JSON message. */
    public static final int PROTOVER_JSON = 0;
    /** Protocol version 1: heartbeat, heartbeat reply and auth packets (raw body). */
    public static final int PROTOVER_INT = 1;
    /** Protocol version 2: the body is a zlib stream of one or more packets. */
    public static final int PROTOVER_ZLIB = 2;
    /** Protocol version 3: the body is a brotli stream of one or more packets. */
    public static final int PROTOVER_BROTLI = 3;

    /** Client heartbeat. */
    public static final int OP_HEARTBEAT = 2;
    /** Server heartbeat reply; the body starts with a {@code u32} popularity. */
    public static final int OP_HEARTBEAT_REPLY = 3;
    /** Server message (JSON with a {@code cmd}). */
    public static final int OP_MESSAGE = 5;
    /** Client authentication. */
    public static final int OP_AUTH = 7;
    /** Server authentication reply, {@code {"code":0}} on success. */
    public static final int OP_AUTH_REPLY = 8;

    /**
     * Validates and copies the body.
     *
     * @throws IllegalArgumentException if {@code protover} does not fit a {@code u16} or {@code body} is null
     */
    public DanmakuPacket {
        if (protover < 0 || protover > 0xFFFF) {
            throw new IllegalArgumentException("protover must be 0..65535, was " + protover);
        }
        if (body == null) {
            throw new IllegalArgumentException("body must not be null (use an empty array)");
        }
        body = body.clone();
    }

    /**
     * A packet with a UTF-8 text body.
     *
     * @param protover protocol version
     * @param op       operation
     * @param text     body text, encoded as UTF-8
     * @return the packet, with sequence 1 as bilibili's web client sends
     */
    public static DanmakuPacket ofText(int protover, int op, String text) {
        if (text == null) {
            throw new IllegalArgumentException("text must not be null");
        }
        return new DanmakuPacket(protover, op, 1, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A copy of the body.
     *
     * @return the body bytes
     */
    @Override
    public byte[] body() {
        return body.clone();
    }

    /**
     * The body length in bytes.
     *
     * @return the length
     */
    public int bodyLength() {
        return body.length;
    }

    /**
     * The body decoded as UTF-8 (malformed sequences are replaced, never thrown).
     *
     * @return the text
     */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /**
     * The popularity carried by a heartbeat reply: the body's first four bytes as an unsigned big-endian integer.
     *
     * @return the popularity
     * @throws IllegalStateException if this is not an {@link #OP_HEARTBEAT_REPLY} packet or its body is shorter
     *                               than four bytes
     */
    public long popularity() {
        if (op != OP_HEARTBEAT_REPLY) {
            throw new IllegalStateException("popularity is carried by op " + OP_HEARTBEAT_REPLY + " only, this is op " + op);
        }
        if (body.length < 4) {
            throw new IllegalStateException("heartbeat reply body has " + body.length + " bytes, popularity needs 4");
        }
        return Integer.toUnsignedLong(DanmakuCodec.getInt(body, 0));
    }

    /** Package-private view of the body without a copy, for the codec and the connection. */
    byte[] bodyArray() {
        return body;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DanmakuPacket p
                && p.protover == protover && p.op == op && p.sequence == sequence && Arrays.equals(p.body, body);
    }

    @Override
    public int hashCode() {
        return ((protover * 31 + op) * 31 + sequence) * 31 + Arrays.hashCode(body);
    }

    /** Shows the header fields and the body length, plus a short preview; the auth body is hidden (it holds a token). */
    @Override
    public String toString() {
        String preview;
        if (op == OP_AUTH) {
            preview = "<hidden>";
        } else if (protover == PROTOVER_JSON || (protover == PROTOVER_INT && op != OP_HEARTBEAT_REPLY)) {
            String t = bodyText();
            preview = t.length() > 64 ? t.substring(0, 64) + "…" : t;
        } else {
            preview = HexFormat.of().formatHex(body, 0, Math.min(body.length, 16)) + (body.length > 16 ? "…" : "");
        }
        return "DanmakuPacket[protover=" + protover + ", op=" + op + ", sequence=" + sequence
                + ", bodyLength=" + body.length + ", body=" + preview + "]";
    }
}
