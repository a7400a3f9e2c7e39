package io.github.bilibiliapi.test.bilibili;

import java.util.Objects;

/**
 * A logged-in account the fake accepts: requests carrying {@code SESSDATA=<sessdata>} are logged in as {@code mid};
 * state-changing requests must also carry {@code bili_jct=<biliJct>} and repeat it as {@code csrf}.
 *
 * @param sessdata the SESSDATA cookie value (secret: never printed)
 * @param biliJct  the bili_jct cookie value, also the CSRF token (secret: never printed)
 * @param mid      the user id
 */
public record Account(String sessdata, String biliJct, long mid) {

    /**
     * Validates the account.
     *
     * @throws IllegalArgumentException if a cookie value is blank or contains characters not allowed in a cookie,
     *                                  or {@code mid} is not positive
     */
    public Account {
        requireCookieValue(sessdata, "sessdata");
        requireCookieValue(biliJct, "biliJct");
        if (mid <= 0) {
            throw new IllegalArgumentException("mid must be positive, got " + mid);
        }
    }

    private static void requireCookieValue(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == ';' || c == ',' || c == '"' || c == '\\') {
                throw new IllegalArgumentException(name + " contains a character not allowed in a cookie value at index " + i);
            }
        }
    }

    /** Secrets are redacted. */
    @Override
    public String toString() {
        return "Account[mid=" + mid + ", sessdata=<redacted>, biliJct=<redacted>]";
    }
}
