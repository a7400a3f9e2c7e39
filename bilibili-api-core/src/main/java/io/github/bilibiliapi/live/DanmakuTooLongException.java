package io.github.bilibiliapi.live;

import tools.jackson.databind.JsonNode;

/**
 * Code 1003212 "超出限制长度": a message was longer than the account may send in this room. Lower
 * {@link SendDanmakuOptions#maxLength()}; texts are split at that length before sending.
 */
public final class DanmakuTooLongException extends DanmakuSendException {

    private static final long serialVersionUID = 1L;

    /**
     * @param biliMessage bilibili's message
     * @param raw         the whole answer
     */
    public DanmakuTooLongException(String biliMessage, JsonNode raw) {
        super(1003212, biliMessage, raw);
    }
}
