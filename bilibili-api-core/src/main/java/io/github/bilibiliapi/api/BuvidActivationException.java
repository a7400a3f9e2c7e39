package io.github.bilibiliapi.api;

/**
 * Obtaining (finger/spi) or activating (ExClimbWuzhi) a buvid3/buvid4 pair failed; nothing was cached, the next
 * request tries again. The cause is the failure of the exchange that went wrong.
 */
public final class BuvidActivationException extends BiliApiException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message which step failed
     * @param cause   the underlying failure
     */
    public BuvidActivationException(String message, Throwable cause) {
        super(message, cause);
    }
}
