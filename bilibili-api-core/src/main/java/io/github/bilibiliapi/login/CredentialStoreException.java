package io.github.bilibiliapi.login;

import io.github.bilibiliapi.api.BiliApiException;

/**
 * A {@link CredentialStore} could not read or write: an unreadable or corrupt file (which is kept as it is, for a
 * person to look at), a directory that cannot be written. The message names the file, never its content.
 */
public final class CredentialStoreException extends BiliApiException {

    private static final long serialVersionUID = 1L;

    /** @param message what failed, naming the file */
    public CredentialStoreException(String message) {
        super(message);
    }

    /**
     * @param message what failed, naming the file
     * @param cause   the I/O error (never a parser error that could quote the file)
     */
    public CredentialStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
