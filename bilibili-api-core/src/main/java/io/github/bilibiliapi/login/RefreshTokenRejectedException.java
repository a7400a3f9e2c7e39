package io.github.bilibiliapi.login;

/**
 * bilibili answered 86095 to {@code cookie/refresh}: the refresh_csrf is wrong or used, or the refresh token does not
 * belong to the cookies (an older token, or one already spent by another refresh). Refreshing again with the same
 * credential will not help; the old cookies keep working until they expire, then a new login is needed.
 */
public final class RefreshTokenRejectedException extends CredentialRefreshException {

    private static final long serialVersionUID = 1L;

    /** The code bilibili uses. */
    public static final int CODE = 86095;

    /** @param cause bilibili's answer as a {@link io.github.bilibiliapi.api.ResponseCodeException} */
    public RefreshTokenRejectedException(Throwable cause) {
        super(Stage.REFRESH, "bilibili rejected the refresh token or refresh_csrf (code " + CODE + ")", cause);
    }
}
