package io.github.bilibiliapi.live.danmaku;

import tools.jackson.databind.JsonNode;

/**
 * A typed view of {@code WATCHED_CHANGE}: how many people have watched this stream.
 *
 * @param num       the count
 * @param textSmall the short text, for example {@code 1.7万}
 * @param textLarge the long text, for example {@code 1.7万人看过}
 */
public record WatchedChangeMessage(long num, String textSmall, String textLarge) implements LiveMessage {

    /**
     * Reads the view.
     *
     * @param raw the message JSON (with {@code cmd} and {@code data})
     * @return the view
     * @throws IllegalArgumentException if {@code raw} has no {@code data} object
     */
    public static WatchedChangeMessage from(JsonNode raw) {
        JsonNode d = Views.data(raw, "WATCHED_CHANGE");
        return new WatchedChangeMessage(d.path("num").asLong(0), d.path("text_small").asString(""),
                d.path("text_large").asString(""));
    }
}
