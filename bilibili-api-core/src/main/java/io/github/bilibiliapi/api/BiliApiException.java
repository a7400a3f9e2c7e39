package io.github.bilibiliapi.api;

/**
 * Base of every error the Api layer raises. Unchecked, so {@code CompletableFuture} pipelines can carry it.
 *
 * <p>I/O failures reported by a backend are {@link io.github.bilibiliapi.client.BiliClientException}s and are passed
 * through unchanged (not wrapped), so callers see one exception type for "the wire failed".
 */
public class BiliApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong; never contains a secret
     */
    public BiliApiException(String message) {
        super(message);
    }

    /**
     * @param message what went wrong; never contains a secret
     * @param cause   the underlying failure
     */
    public BiliApiException(String message, Throwable cause) {
        super(message, cause);
    }
}
