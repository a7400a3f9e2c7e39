package io.github.bilibiliapi.live;

import tools.jackson.databind.JsonNode;

/**
 * One message bilibili accepted.
 *
 * @param roomId the real room id it was sent to
 * @param text   the text of this message (one part of a split text)
 * @param id     bilibili's id of the message ({@code mode_info.extra.id_str}), empty if not answered
 * @param raw    the whole {@code data} of the answer
 */
public record SentDanmaku(long roomId, String text, String id, JsonNode raw) {
}
