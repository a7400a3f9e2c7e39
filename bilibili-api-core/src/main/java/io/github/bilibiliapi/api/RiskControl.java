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
    ACCESS_DENIED(-403);

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
        for (RiskControl value : values()) {
            if (value.code == code) {
                return Optional.of(value);
            }
        }
        return Optional.empty();
    }
}
