package io.github.bilibiliapi.live;

import tools.jackson.databind.JsonNode;

/** Code -111 "csrf 校验失败": the credential's {@code bili_jct} does not belong to its {@code SESSDATA}. */
public final class DanmakuCsrfException extends DanmakuSendException {

    private static final long serialVersionUID = 1L;

    /**
     * @param biliMessage bilibili's message
     * @param raw         the whole answer
     */
    public DanmakuCsrfException(String biliMessage, JsonNode raw) {
        super(-111, biliMessage, raw);
    }
}
