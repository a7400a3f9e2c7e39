package io.github.bilibiliapi.live.danmaku;

/**
 * A danmaku frame or packet that could not be decoded: truncated, malformed, or inflating past the configured cap.
 *
 * <p>The connection turns it into a {@link DanmakuEvent#ERROR} event and keeps reading; it never ends the reader.
 */
public final class DanmakuProtocolException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What was wrong with the input. */
    public enum Kind {
        /** The frame ends before a header or a body it announces. */
        TRUNCATED,
        /** A header field, a compressed stream or a JSON body is invalid. */
        MALFORMED,
        /** Decompressing the frame would exceed the configured maximum inflated size. */
        TOO_LARGE,
        /** A well-formed packet with an operation this client does not know; it was ignored. */
        UNKNOWN_OP
    }

    private final Kind kind;

    /**
     * Creates the exception.
     *
     * @param kind    what was wrong
     * @param message a message naming the offending field, offset and sizes
     * @param cause   the underlying error, or {@code null}
     */
    public DanmakuProtocolException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        if (kind == null) {
            throw new IllegalArgumentException("kind must not be null");
        }
        this.kind = kind;
    }

    /**
     * Creates the exception without a cause.
     *
     * @param kind    what was wrong
     * @param message a message naming the offending field, offset and sizes
     */
    public DanmakuProtocolException(Kind kind, String message) {
        this(kind, message, null);
    }

    /**
     * What was wrong with the input.
     *
     * @return the kind
     */
    public Kind kind() {
        return kind;
    }
}
