package io.github.bilibiliapi.api;

/**
 * The body could not be read as bilibili JSON (not JSON, no {@code code}, empty). Jackson's own exceptions never leak:
 * they are the {@link #getCause() cause} of this one.
 */
public final class ResponseParseException extends BiliApiException {

    private static final long serialVersionUID = 1L;

    /** @param message what was wrong, with a short masked excerpt */
    public ResponseParseException(String message) {
        super(message);
    }

    /**
     * @param message what was wrong, with a short masked excerpt
     * @param cause   the parser's exception
     */
    public ResponseParseException(String message, Throwable cause) {
        super(message, cause);
    }
}
