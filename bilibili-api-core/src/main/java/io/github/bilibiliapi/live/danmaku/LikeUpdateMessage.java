package io.github.bilibiliapi.live.danmaku;

import tools.jackson.databind.JsonNode;

/**
 * A typed view of {@code LIKE_INFO_V3_UPDATE}: the room's total like count.
 *
 * @param clickCount the total ({@code data.click_count})
 */
public record LikeUpdateMessage(long clickCount) implements LiveMessage {

    /**
     * Reads the view.
     *
     * @param raw the message JSON (with {@code cmd} and {@code data})
     * @return the view
     * @throws IllegalArgumentException if {@code raw} has no {@code data} object
     */
    public static LikeUpdateMessage from(JsonNode raw) {
        return new LikeUpdateMessage(Views.longOf(Views.data(raw, "LIKE_INFO_V3_UPDATE").get("click_count")));
    }
}
