package io.github.bilibiliapi.login;

/**
 * A cookie refresh failed at one {@link Stage}. The credential in the store is unchanged (the old cookies still work),
 * except for {@link Stage#CONFIRM}, which is never raised: an unconfirmed refresh is reported in
 * {@link RefreshResult#confirmed()} because the new credential already works.
 */
public class CredentialRefreshException extends LoginException {

    private static final long serialVersionUID = 1L;

    /** The step of the refresh that failed. */
    public enum Stage {
        /** {@code GET cookie/info}. */
        CHECK,
        /** {@code GET www.bilibili.com/correspond/1/{path}} (the refresh_csrf page). */
        CORRESPOND,
        /** {@code POST cookie/refresh}. */
        REFRESH,
        /** Saving the new credential in the store. */
        STORE
    }

    private final Stage stage;

    /**
     * @param stage   the failed step
     * @param message what failed, without secrets
     * @param cause   the underlying error, may be null
     */
    public CredentialRefreshException(Stage stage, String message, Throwable cause) {
        super("Cookie refresh failed at " + stage + ": " + message, cause);
        this.stage = stage;
    }

    /** @return the step that failed */
    public Stage stage() {
        return stage;
    }
}
