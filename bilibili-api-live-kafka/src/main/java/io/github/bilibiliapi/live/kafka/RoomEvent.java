package io.github.bilibiliapi.live.kafka;

import java.util.Objects;
import tools.jackson.databind.JsonNode;

/**
 * One event of a watched room as a {@link RoomEventSource} hands it over: what is published, before the cluster adds
 * its id, time and sequence.
 *
 * @param type   the event type: a {@code cmd} without its {@code :suffix}, or a connection event
 *               ({@code VERIFICATION_SUCCESSFUL}, {@code VIEW}, {@code RECONNECTING}, {@code DISCONNECT},
 *               {@code ERROR})
 * @param roomId the watched room (the key of its rooms-topic record)
 * @param fields the typed fields of the event (an object, possibly empty)
 * @param raw    the message as received (a server message's whole JSON, or the connection event's payload)
 * @param server whether this is a message sent by the server (as opposed to an event of the connection itself)
 */
public record RoomEvent(String type, long roomId, JsonNode fields, JsonNode raw, boolean server) {

    /**
     * Checks the fields.
     *
     * @throws IllegalArgumentException if {@code type} is blank or {@code roomId} not positive
     * @throws NullPointerException     if {@code fields} or {@code raw} is null
     */
    public RoomEvent {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("type must not be blank");
        }
        if (roomId <= 0) {
            throw new IllegalArgumentException("roomId must be positive, was " + roomId);
        }
        Objects.requireNonNull(fields, "fields");
        Objects.requireNonNull(raw, "raw");
    }
}
