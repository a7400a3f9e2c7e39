package io.github.bilibiliapi.live.kafka;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One record of the events topic (key: the room id in decimal). Its JSON value, schema version 1:
 *
 * <pre>{@code
 * {"v":1, "id":"<uuid>", "type":"DANMU_MSG", "room":22637261, "time":1764925200123,
 *  "instance":"host-1", "seq":17, "fields":{...}, "raw":{...}}
 * }</pre>
 *
 * <p>{@code id} is stable for server messages: the same message of the same room gets the same id on whichever
 * instance receives it, so a consumer can drop duplicates after a takeover. It is a name-based UUID of the room and the
 * message JSON (bilibili's messages carry millisecond timestamps and nonces, so distinct messages differ). The
 * connection's own events ({@code VIEW}, {@code VERIFICATION_SUCCESSFUL}, {@code RECONNECTING}, {@code DISCONNECT},
 * {@code ERROR}) are facts about one instance's connection and get a random id.
 *
 * @param id       the event id
 * @param type     the event type ({@code cmd} without suffix, or a connection event)
 * @param room     the room id
 * @param time     when the instance received it, epoch milliseconds
 * @param instance the publishing instance
 * @param seq      position among the events this instance published for the room since it started watching it
 * @param fields   typed fields (object, possibly empty)
 * @param raw      the message as received
 */
public record ClusterEvent(String id, String type, long room, long time, String instance, long seq, JsonNode fields,
        JsonNode raw) {

    /** The schema version written in {@code v}. */
    public static final int VERSION = 1;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * Checks the fields.
     *
     * @throws NullPointerException if a reference is null
     */
    public ClusterEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(instance, "instance");
        Objects.requireNonNull(fields, "fields");
        Objects.requireNonNull(raw, "raw");
    }

    /**
     * The event published for a room event.
     *
     * @param e        the room event
     * @param time     receive time, epoch milliseconds
     * @param instance this instance's id
     * @param seq      the room's sequence number
     * @return the cluster event
     */
    static ClusterEvent of(RoomEvent e, long time, String instance, long seq) {
        String id = e.server() ? stableId(e.roomId(), e.raw()) : UUID.randomUUID().toString();
        return new ClusterEvent(id, e.type(), e.roomId(), time, instance, seq, e.fields(), e.raw());
    }

    /**
     * The id of a server message: a name-based UUID of the room and the message JSON.
     *
     * @param room the room
     * @param raw  the message
     * @return the id
     */
    static String stableId(long room, JsonNode raw) {
        return UUID.nameUUIDFromBytes((room + "\n" + raw).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /**
     * The record value.
     *
     * @return compact JSON
     */
    public String toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("v", VERSION).put("id", id).put("type", type).put("room", room).put("time", time)
                .put("instance", instance).put("seq", seq);
        n.set("fields", fields);
        n.set("raw", raw);
        return n.toString();
    }

    /**
     * Reads a record value.
     *
     * @param json the value
     * @return the event
     * @throws IllegalArgumentException if it is not an event of a known schema version
     */
    public static ClusterEvent parse(String json) {
        JsonNode n;
        try {
            n = JSON.readTree(Objects.requireNonNull(json, "json"));
        } catch (JacksonException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (n == null || !n.isObject() || n.path("v").asInt(0) != VERSION) {
            throw new IllegalArgumentException("not a version " + VERSION + " cluster event");
        }
        if (!n.path("id").isString() || !n.path("type").isString() || !n.path("room").isIntegralNumber()) {
            throw new IllegalArgumentException("cluster event without id, type or room");
        }
        return new ClusterEvent(n.get("id").asString(), n.get("type").asString(), n.get("room").asLong(),
                n.path("time").asLong(0), n.path("instance").asString(""), n.path("seq").asLong(0),
                n.has("fields") ? n.get("fields") : JSON.createObjectNode(), n.path("raw"));
    }
}
