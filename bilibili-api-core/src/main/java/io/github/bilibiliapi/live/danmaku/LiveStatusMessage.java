package io.github.bilibiliapi.live.danmaku;

import tools.jackson.databind.JsonNode;

/**
 * A typed view of {@code LIVE} (the stream started) and {@code PREPARING} (it stopped), and of the Open Platform's
 * {@code LIVE_OPEN_PLATFORM_LIVE_START} / {@code _LIVE_END}.
 *
 * @param live     true for a start, false for a stop
 * @param roomId   the room ({@code roomid}, which bilibili sends as a number or a string)
 * @param liveTime when the stream started, epoch seconds; 0 when not sent
 * @param platform the streaming client for a start ({@code pc}, ...), empty when not sent
 * @param title    the room title (Open Platform only), empty otherwise
 */
public record LiveStatusMessage(boolean live, long roomId, long liveTime, String platform, String title)
        implements LiveMessage {

    /**
     * Reads the view.
     *
     * @param raw  the message JSON
     * @param live whether this is a start ({@code LIVE}) rather than a stop
     * @return the view
     * @throws IllegalArgumentException if {@code raw} is not an object
     */
    public static LiveStatusMessage from(JsonNode raw, boolean live) {
        if (raw == null || !raw.isObject()) {
            throw new IllegalArgumentException("not a live status message: not an object");
        }
        if (OpenPlatformViews.isOpenPlatform(raw)) {
            JsonNode d = raw.path("data");
            return new LiveStatusMessage(live, Views.longOf(d.get("room_id")), d.path("timestamp").asLong(0), "",
                    d.path("title").asString(""));
        }
        return new LiveStatusMessage(live, Views.longOf(raw.get("roomid")), raw.path("live_time").asLong(0),
                raw.path("live_platform").asString(""), "");
    }
}
