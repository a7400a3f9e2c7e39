package io.github.bilibiliapi.api;

/**
 * The request needs a credential field that is missing (SESSDATA for login-only APIs, bili_jct for csrf). Thrown
 * before any I/O.
 */
public final class CredentialException extends BiliApiException {

    private static final long serialVersionUID = 1L;

    /** @param message names the missing field, never its value */
    public CredentialException(String message) {
        super(message);
    }
}
