package io.github.bilibiliapi.live.danmaku;

import tools.jackson.databind.JsonNode;

/**
 * A typed view of {@code LOG_IN_NOTICE}: bilibili tells a connection that is not logged in that from now on other
 * viewers' names are masked and their uids are 0. Connect with a credential (SESSDATA and DedeUserID) to see them.
 *
 * @param noticeMsg the notice text, for example {@code 为保护用户隐私，未登录无法查看他人昵称}
 * @param imageWeb  the image the web client shows, empty if none
 */
public record LogInNoticeMessage(String noticeMsg, String imageWeb) implements LiveMessage {

    /**
     * Reads the view from a raw {@code LOG_IN_NOTICE} message.
     *
     * @param raw the message JSON
     * @return the view
     * @throws IllegalArgumentException if {@code raw} has no {@code data} object
     */
    public static LogInNoticeMessage from(JsonNode raw) {
        JsonNode d = Views.data(raw, "LOG_IN_NOTICE");
        return new LogInNoticeMessage(d.path("notice_msg").asString(""), d.path("image_web").asString(""));
    }
}
