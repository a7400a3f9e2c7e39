package io.github.bilibiliapi.api;

import java.util.Optional;

/**
 * The HTTP exchange completed with a status other than 200 (bilibili answers errors with 200 and a JSON code, so any
 * other status means a gateway or a wrong URL; bilibili's 412 interception is a {@link RiskControlException}
 * instead), or the proxy in use refused or failed
 * the connection ({@link #status()} is then -1 and {@link #proxy()} names the proxy, credentials masked; the client's
 * {@link io.github.bilibiliapi.client.BiliClientException} is the cause).
 */
public final class NetworkException extends BiliApiException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String bodyExcerpt;
    private final String proxy;

    /**
     * @param status      the HTTP status
     * @param url         the URL without its query string
     * @param bodyExcerpt a short, already masked excerpt of the body
     */
    public NetworkException(int status, String url, String bodyExcerpt) {
        super("HTTP " + status + " from " + url + (bodyExcerpt.isEmpty() ? "" : ": " + bodyExcerpt));
        this.status = status;
        this.bodyExcerpt = bodyExcerpt;
        this.proxy = null;
    }

    /**
     * A connection the proxy refused or failed.
     *
     * @param message what happened, naming the (masked) proxy
     * @param proxy   the proxy, credentials masked
     * @param cause   the client's failure
     */
    NetworkException(String message, String proxy, Throwable cause) {
        super(message, cause);
        this.status = -1;
        this.bodyExcerpt = "";
        this.proxy = proxy;
    }

    /** @return the proxy that failed the connection (credentials masked), when that is what happened */
    public Optional<String> proxy() {
        return Optional.ofNullable(proxy);
    }

    /** @return the HTTP status code, or -1 when no HTTP answer arrived (a proxy failure) */
    public int status() {
        return status;
    }

    /** @return a short, masked excerpt of the response body (may be empty) */
    public String bodyExcerpt() {
        return bodyExcerpt;
    }

    /**
     * @return {@link RiskControl#REQUEST_BLOCKED} for HTTP 412, otherwise empty (the Api layer raises a 412 as
     *         {@link RiskControlException}; a {@code NetworkException(412)} only comes from code that builds one)
     */
    public Optional<RiskControl> riskControl() {
        return status == 412 ? Optional.of(RiskControl.REQUEST_BLOCKED) : Optional.empty();
    }
}
