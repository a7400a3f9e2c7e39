package io.github.bilibiliapi.client;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * One WebSocket message, or a state ({@link BiliWsMsgType#CLOSING}, {@link BiliWsMsgType#CLOSED}) with empty data.
 *
 * @param data the payload; text messages are UTF-8 bytes
 * @param type the message type
 */
public record BiliWsMessage(byte[] data, BiliWsMsgType type) {

    private static final byte[] EMPTY = new byte[0];

    /** The message a receive completes with on a closed connection. */
    public static final BiliWsMessage CLOSED = new BiliWsMessage(EMPTY, BiliWsMsgType.CLOSED);

    /** The message a receive completes with while this side is closing the connection. */
    public static final BiliWsMessage CLOSING = new BiliWsMessage(EMPTY, BiliWsMsgType.CLOSING);

    /**
     * Validates the message.
     *
     * @param data the payload
     * @param type the type
     */
    public BiliWsMessage {
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(type, "type");
    }

    /**
     * Builds a close message from the peer's close code and reason.
     *
     * @param code   the close status code
     * @param reason the reason, may be empty
     * @return a {@link BiliWsMsgType#CLOSE} message
     */
    public static BiliWsMessage close(int code, String reason) {
        byte[] text = reason == null ? EMPTY : reason.getBytes(StandardCharsets.UTF_8);
        byte[] data = new byte[2 + text.length];
        data[0] = (byte) (code >>> 8);
        data[1] = (byte) code;
        System.arraycopy(text, 0, data, 2, text.length);
        return new BiliWsMessage(data, BiliWsMsgType.CLOSE);
    }

    /**
     * Reads the payload as UTF-8 text.
     *
     * @return the text
     */
    public String text() {
        return new String(data, StandardCharsets.UTF_8);
    }

    /**
     * Returns the close code of a {@link BiliWsMsgType#CLOSE} message.
     *
     * @return the code, or {@code -1} if this is not a close message or it carries none
     */
    public int closeCode() {
        return type == BiliWsMsgType.CLOSE && data.length >= 2 ? ((data[0] & 0xff) << 8) | (data[1] & 0xff) : -1;
    }

    @Override
    public String toString() {
        // never the payload: it may carry tokens
        return "BiliWsMessage[type=" + type + ", bytes=" + data.length + "]";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BiliWsMessage other && type == other.type && java.util.Arrays.equals(data, other.data);
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + java.util.Arrays.hashCode(data);
    }
}
