package io.github.bilibiliapi.live.kafka;

import java.util.Set;
import java.util.TreeSet;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * How one room is watched: the value of its record in the rooms topic, as JSON.
 *
 * <p>Schema: {@code {"types": ["DANMU_MSG", "SEND_GIFT"]}}. {@code types} lists the event types published for the
 * room (a {@code cmd} without its {@code :suffix}, or a connection event such as {@code VIEW}); absent or empty means
 * every event. Unknown fields are ignored, so newer writers can add fields without breaking older instances.
 *
 * @param types event types to publish; empty for all
 */
public record WatchSettings(Set<String> types) {

    /** Every event of the room. */
    public static final WatchSettings ALL = new WatchSettings(Set.of());

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /**
     * Copies and checks the types.
     *
     * @throws IllegalArgumentException if {@code types} is null or holds a blank type or one with {@code ':'}
     */
    public WatchSettings {
        if (types == null) {
            throw new IllegalArgumentException("types must not be null (empty means every event)");
        }
        for (String t : types) {
            if (t == null || t.isBlank() || t.indexOf(':') >= 0) {
                throw new IllegalArgumentException("types: an event type is a cmd without ':suffix', was "
                        + (t == null ? "null" : "'" + t + "'"));
            }
        }
        types = Set.copyOf(types);
    }

    /**
     * Settings publishing only the given types.
     *
     * @param types event types; none means every event
     * @return the settings
     */
    public static WatchSettings types(String... types) {
        return new WatchSettings(Set.of(types));
    }

    /**
     * Whether events of a type are published.
     *
     * @param type an event type
     * @return true if {@link #types()} is empty or contains it
     */
    public boolean accepts(String type) {
        return types.isEmpty() || types.contains(type);
    }

    /**
     * The JSON value of the room's record.
     *
     * @return compact JSON
     */
    public String toJson() {
        ObjectNode node = JSON.createObjectNode();
        if (!types.isEmpty()) {
            ArrayNode array = node.putArray("types");
            new TreeSet<>(types).forEach(array::add);
        }
        return node.toString();
    }

    /**
     * Reads a record value.
     *
     * @param json the value
     * @return the settings
     * @throws IllegalArgumentException if it is not a JSON object or {@code types} is not an array of strings
     */
    public static WatchSettings fromJson(String json) {
        if (json == null) {
            throw new IllegalArgumentException("settings JSON must not be null (a null value is a tombstone)");
        }
        JsonNode node;
        try {
            node = JSON.readTree(json);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("settings are not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("settings must be a JSON object");
        }
        JsonNode types = node.get("types");
        if (types == null || types.isNull()) {
            return ALL;
        }
        if (!types.isArray()) {
            throw new IllegalArgumentException("settings: types must be an array of event types");
        }
        Set<String> out = new TreeSet<>();
        for (JsonNode t : types) {
            if (!t.isString()) {
                throw new IllegalArgumentException("settings: types must be an array of strings");
            }
            out.add(t.asString());
        }
        return new WatchSettings(out);
    }
}
