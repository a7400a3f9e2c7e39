package io.github.bilibiliapi.login;

import io.github.bilibiliapi.api.BiliApiException;

/**
 * A login, refresh or logout step failed. The message names the step and bilibili's code, never a secret; the cause
 * is the underlying error (a {@link io.github.bilibiliapi.api.ResponseCodeException}, a network failure, ...).
 */
public class LoginException extends BiliApiException {

    private static final long serialVersionUID = 1L;

    /** @param message what failed, without secrets */
    public LoginException(String message) {
        super(message);
    }

    /**
     * @param message what failed, without secrets
     * @param cause   the underlying error
     */
    public LoginException(String message, Throwable cause) {
        super(message, cause);
    }
}
