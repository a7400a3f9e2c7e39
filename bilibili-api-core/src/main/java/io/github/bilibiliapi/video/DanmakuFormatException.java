package io.github.bilibiliapi.video;

import io.github.bilibiliapi.api.BiliApiException;

/** A danmaku answer (protobuf segment or XML) that cannot be read. */
public final class DanmakuFormatException extends BiliApiException {

    private static final long serialVersionUID = 1L;

    /**
     * @param message what is wrong
     * @param cause   the parser's error, or {@code null}
     */
    public DanmakuFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
