package io.github.bilibiliapi.live.danmaku;

import tools.jackson.databind.JsonNode;

/**
 * A typed view of {@code ONLINE_RANK_COUNT}: the viewer count shown in the room.
 *
 * @param count       {@code data.count}, the high-energy rank count
 * @param onlineCount {@code data.online_count}, the number of viewers online ({@code count} when not sent)
 */
public record OnlineRankCountMessage(long count, long onlineCount) implements LiveMessage {

    /**
     * Reads the view.
     *
     * @param raw the message JSON (with {@code cmd} and {@code data})
     * @return the view
     * @throws IllegalArgumentException if {@code raw} has no {@code data} object
     */
    public static OnlineRankCountMessage from(JsonNode raw) {
        JsonNode d = Views.data(raw, "ONLINE_RANK_COUNT");
        long count = d.path("count").asLong(0);
        return new OnlineRankCountMessage(count, d.has("online_count") ? d.path("online_count").asLong(0) : count);
    }
}
