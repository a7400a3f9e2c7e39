package io.github.bilibiliapi.live.danmaku;

/**
 * {@link LiveDanmaku#connect()} failed for good: the room could not be resolved, the token could not be fetched before
 * the first connection, or the reconnect attempts ran out. The message says which and why; secrets are never in it.
 */
public final class DanmakuConnectException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed
     * @param cause   the underlying error, or {@code null}
     */
    public DanmakuConnectException(String message, Throwable cause) {
        super(message, cause);
    }
}
