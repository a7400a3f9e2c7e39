package io.github.bilibiliapi.client;

/**
 * An I/O failure of a client: connection refused, reset, timeout, TLS failure. Its message names the method and the URL
 * without the query string (which may carry signed or secret values).
 */
public class BiliClientException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what failed
     * @param cause   the backend's exception
     */
    public BiliClientException(String message, Throwable cause) {
        super(message, cause);
    }

    /**
     * Creates the exception.
     *
     * @param message what failed
     */
    public BiliClientException(String message) {
        super(message);
    }
}
