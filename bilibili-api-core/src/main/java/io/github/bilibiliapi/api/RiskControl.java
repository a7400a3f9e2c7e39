package io.github.bilibiliapi.api;

import java.util.Optional;

/**
 * bilibili's risk-control and authentication codes, so callers can react by category instead of by magic number.
 */
public enum RiskControl {
    /** -352: risk-control check failed (usually a missing or bad WBI signature, or an unactivated buvid3). */
    SIGNATURE_REJECTED(-352),
    /** -412: request intercepted (IP-level block). */
    REQUEST_BLOCKED(-412),
    /** -799: requests too frequent. */
    TOO_FREQUENT(-799),
    /** -509: rate limited. */
    RATE_LIMITED(-509),
    /** -101: not logged in (SESSDATA missing or expired). */
    NOT_LOGGED_IN(-101),
    /** -111: csrf check failed (bili_jct missing or wrong). */
    CSRF_FAILED(-111),
    /** -403: access denied (often a stale WBI key). */
    ACCESS_DENIED(-403),
    /**
     * -401: 非法访问, the gaia anti-crawler: {@code data.ga_data} carries the decision and a {@code v_voucher} for a
     * captcha challenge.
     */
    ILLEGAL_ACCESS(-401),
    /**
     * A code-0 answer whose {@code data} holds only a {@code v_voucher}: a risk-control challenge in place of the
     * data, not a success. Its code is 0; {@link #ofCode} never returns it.
     */
    VOUCHER_CHALLENGE(0);

    private final int code;

    RiskControl(int code) {
        this.code = code;
    }

    /** @return bilibili's numeric code for this category */
    public int code() {
        return code;
    }

    /**
     * @param code a bilibili JSON code
     * @return the category, or empty when the code is not a risk-control code
     */
    public static Optional<RiskControl> ofCode(int code) {
        if (code == 0) {
            return Optional.empty();
        }
        for (RiskControl value : values()) {
            if (value.code == code) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
