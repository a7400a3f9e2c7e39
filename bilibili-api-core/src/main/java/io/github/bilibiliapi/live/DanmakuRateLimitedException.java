package io.github.bilibiliapi.live;

import tools.jackson.databind.JsonNode;

/**
 * Code 10031 "您发送弹幕的频率过快": messages were sent faster than the room allows. Raise the pacing interval of
 * {@link LiveService} (default 1 s); the message was not sent and is not retried.
 */
public final class DanmakuRateLimitedException extends DanmakuSendException {

    private static final long serialVersionUID = 1L;

    /**
     * @param biliMessage bilibili's message
     * @param raw         the whole answer
     */
    public DanmakuRateLimitedException(String biliMessage, JsonNode raw) {
        super(10031, biliMessage, raw);
    }
}
