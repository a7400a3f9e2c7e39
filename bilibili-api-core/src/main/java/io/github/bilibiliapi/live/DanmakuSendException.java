package io.github.bilibiliapi.live;

import io.github.bilibiliapi.api.ResponseCodeException;
import tools.jackson.databind.JsonNode;

/**
 * bilibili refused a live danmaku ({@code POST /msg/send}). The subclasses name the refusals a bot must handle:
 * {@link DanmakuRateLimitedException} (10031), {@link DanmakuTooLongException} (1003212),
 * {@link DanmakuCsrfException} (-111) and {@link DanmakuMutedException}; other refusals are this class, including
 * bilibili's answers with code 0 and a non-empty {@code message} (such as {@code msg repeat}), which are failures too.
 */
public class DanmakuSendException extends ResponseCodeException {

    private static final long serialVersionUID = 1L;

    /**
     * @param code        bilibili's code (0 for a refusal carried only in {@code message})
     * @param biliMessage bilibili's message
     * @param raw         the whole answer
     */
    public DanmakuSendException(int code, String biliMessage, JsonNode raw) {
        super(code, biliMessage, raw);
    }

    /** Chooses the subclass for an answer that is not a success. */
    static DanmakuSendException forAnswer(int code, String message, JsonNode raw) {
        return switch (code) {
            case 10031 -> new DanmakuRateLimitedException(message, raw);
            case 1003212 -> new DanmakuTooLongException(message, raw);
            case -111 -> new DanmakuCsrfException(message, raw);
            default -> DanmakuMutedException.looksMuted(message) ? new DanmakuMutedException(code, message, raw)
                    : new DanmakuSendException(code, message, raw);
        };
    }
}
