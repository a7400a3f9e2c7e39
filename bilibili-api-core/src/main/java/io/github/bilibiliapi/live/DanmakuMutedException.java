package io.github.bilibiliapi.live;

import tools.jackson.databind.JsonNode;

/**
 * The account is muted or banned in this room (bilibili's message says {@code 禁言} or {@code 封禁}). bilibili's
 * code for it is not documented; the message is what identifies it.
 */
public final class DanmakuMutedException extends DanmakuSendException {

    private static final long serialVersionUID = 1L;

    /**
     * @param code        bilibili's code (may be 0)
     * @param biliMessage bilibili's message
     * @param raw         the whole answer
     */
    public DanmakuMutedException(int code, String biliMessage, JsonNode raw) {
        super(code, biliMessage, raw);
    }

    static boolean looksMuted(String message) {
        return message != null && (message.contains("禁言") || message.contains("封禁"));
    }
}
