package io.github.bilibiliapi.live.danmaku;

import tools.jackson.databind.JsonNode;

/**
 * A typed view of {@code ROOM_CHANGE}: the streamer changed the room's title or area. No real body of it is in the
 * project's fixtures; the field names follow the public protocol notes and are read leniently.
 *
 * @param title          the new title
 * @param areaId         the area id
 * @param areaName       the area name
 * @param parentAreaId   the parent area id
 * @param parentAreaName the parent area name
 */
public record RoomChangeMessage(String title, long areaId, String areaName, long parentAreaId,
        String parentAreaName) implements LiveMessage {

    /**
     * Reads the view.
     *
     * @param raw the message JSON (with {@code cmd} and {@code data})
     * @return the view
     * @throws IllegalArgumentException if {@code raw} has no {@code data} object
     */
    public static RoomChangeMessage from(JsonNode raw) {
        JsonNode d = Views.data(raw, "ROOM_CHANGE");
        return new RoomChangeMessage(d.path("title").asString(""), Views.longOf(d.get("area_id")),
                d.path("area_name").asString(""), Views.longOf(d.get("parent_area_id")),
                d.path("parent_area_name").asString(""));
    }
}
