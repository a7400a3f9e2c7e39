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

    /**
     * The exception for an answer whose HTTP status is not 200, as the Api layer raises it: bilibili's 412
     * interception is a {@link RiskControlException} ({@link RiskControl#REQUEST_BLOCKED}, code -412), any other
     * status a {@link NetworkException}. For code that reads answers itself, such as {@link BiliContext#executeRaw}'s.
     *
     * @param status     the HTTP status, not 200
     * @param url        the URL without its query
     * @param body       the body, or {@code null}
     * @param credential whose secrets are masked in the body's excerpt (may be {@code null})
     * @return the exception (not thrown)
     * @throws IllegalArgumentException if {@code status} is 200
     */
    public static BiliApiException forHttpStatus(int status, String url, byte[] body, Credential credential) {
        if (status == 200) {
            throw new IllegalArgumentException("status must not be 200: a 200 answer is not a failure by itself");
        }
        String text = body == null ? "" : new String(body, java.nio.charset.StandardCharsets.UTF_8);
        String excerpt = Secrets.mask(Secrets.excerpt(text, ResponseParser.EXCERPT_CHARS), credential);
        return status == 412 ? RiskControlException.blocked(url, ResponseParser.jsonOrMissing(body), excerpt)
                : new NetworkException(status, url, excerpt);
    }
}
