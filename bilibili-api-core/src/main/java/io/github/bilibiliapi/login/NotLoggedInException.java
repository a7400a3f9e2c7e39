package io.github.bilibiliapi.login;

/**
 * bilibili says the credential is not logged in (code -101): the cookies expired or were logged out. A new login is
 * needed; refreshing cannot revive them.
 */
public final class NotLoggedInException extends CredentialRefreshException {

    private static final long serialVersionUID = 1L;

    /**
     * @param stage the step that found out
     * @param cause bilibili's answer
     */
    public NotLoggedInException(Stage stage, Throwable cause) {
        super(stage, "the credential is not logged in (code -101)", cause);
    }
}
