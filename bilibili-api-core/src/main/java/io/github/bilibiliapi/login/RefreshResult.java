package io.github.bilibiliapi.login;

import io.github.bilibiliapi.api.Credential;
import java.util.Objects;

/**
 * What a refresh did.
 *
 * @param refreshed  whether the cookies were renewed (false: bilibili said no refresh was needed)
 * @param confirmed  whether {@code confirm/refresh} succeeded (false when not refreshed, or when the confirmation
 *                   failed: the new credential works anyway, the old cookies are just not retired yet)
 * @param credential the credential in use now (the new one after a refresh)
 */
public record RefreshResult(boolean refreshed, boolean confirmed, Credential credential) {

    /** Checks for nulls. */
    public RefreshResult {
        Objects.requireNonNull(credential, "credential");
    }

    /** The credential shows which fields are set, never their values. */
    @Override
    public String toString() {
        return "RefreshResult[refreshed=" + refreshed + ", confirmed=" + confirmed + ", " + credential + "]";
    }
}
