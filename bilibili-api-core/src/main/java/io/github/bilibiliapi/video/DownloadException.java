package io.github.bilibiliapi.video;

import io.github.bilibiliapi.api.BiliApiException;

/** A download that could not finish: every URL failed, the file changed on the server, or the disk failed. */
public class DownloadException extends BiliApiException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong (URLs without their signed query)
     * @param cause   the underlying failure, or {@code null}
     */
    public DownloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
