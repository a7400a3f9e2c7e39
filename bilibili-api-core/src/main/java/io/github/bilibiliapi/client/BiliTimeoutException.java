package io.github.bilibiliapi.client;

/** A call did not complete within the client's timeout. */
public class BiliTimeoutException extends BiliClientException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what timed out, and after how long
     * @param cause   the backend's exception, may be {@code null}
     */
    public BiliTimeoutException(String message, Throwable cause) {
        super(message, cause);
    }
}
