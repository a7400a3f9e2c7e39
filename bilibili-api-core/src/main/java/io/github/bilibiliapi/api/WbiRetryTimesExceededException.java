package io.github.bilibiliapi.api;

/**
 * A WBI-signed request kept being rejected (-403 / -352) after refreshing the key {@code wbiRetryTimes} times.
 */
public final class WbiRetryTimesExceededException extends BiliApiException {

    private static final long serialVersionUID = 1L;

    private final int attempts;

    /**
     * @param attempts how many times the request was sent
     * @param last     the rejection of the last attempt
     */
    public WbiRetryTimesExceededException(int attempts, ResponseCodeException last) {
        super("WBI-signed request still rejected after " + attempts + " attempts (last code " + last.code() + ")", last);
        this.attempts = attempts;
    }

    /** @return how many times the request was sent */
    public int attempts() {
        return attempts;
    }
}
