package io.github.bilibiliapi.client;

/** WebSocket message types and connection states, with stable numeric values ({@code CLOSING} 0x100, {@code CLOSED} 0x101). */
public enum BiliWsMsgType {
    /** A continuation frame. */
    CONTINUATION(0x0),
    /** A text message. */
    TEXT(0x1),
    /** A binary message. */
    BINARY(0x2),
    /** The peer's close frame; the data holds the close code (2 bytes, big-endian) and the UTF-8 reason. */
    CLOSE(0x8),
    /** A ping. */
    PING(0x9),
    /** A pong. */
    PONG(0xA),
    /** The connection is being closed by this side. */
    CLOSING(0x100),
    /** The connection is closed. */
    CLOSED(0x101);

    private final int value;

    BiliWsMsgType(int value) {
        this.value = value;
    }

    /**
     * Returns the numeric value.
     *
     * @return the value, for example {@code 0x101} for {@link #CLOSED}
     */
    public int value() {
        return value;
    }

    /**
     * Looks a type up by its numeric value.
     *
     * @param value a numeric value
     * @return the type
     * @throws IllegalArgumentException if no type has that value
     */
    public static BiliWsMsgType of(int value) {
        for (BiliWsMsgType type : values()) {
            if (type.value == value) {
                return type;
            }
        }
        throw new IllegalArgumentException("Unknown WebSocket message type value: 0x" + Integer.toHexString(value));
    }

    /**
     * Tells whether this type means the connection is over or ending.
     *
     * @return {@code true} for {@link #CLOSE}, {@link #CLOSING} and {@link #CLOSED}
     */
    public boolean isTerminal() {
        return this == CLOSE || this == CLOSING || this == CLOSED;
    }
}
