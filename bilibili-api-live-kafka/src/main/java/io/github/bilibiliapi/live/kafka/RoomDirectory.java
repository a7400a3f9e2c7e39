package io.github.bilibiliapi.live.kafka;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.springframework.kafka.core.KafkaTemplate;

/**
 * Writes the rooms topic: which rooms the cluster watches. Any instance (or a separate admin tool) may use it; the
 * change reaches the instance that owns the room's partition.
 */
public final class RoomDirectory {

    private final KafkaTemplate<String, String> template;
    private final String roomsTopic;

    /**
     * A directory over a template of String keys and values.
     *
     * @param template   the template (see {@link LiveClusterKafka#eventTemplate})
     * @param roomsTopic the rooms topic
     * @throws IllegalArgumentException if {@code roomsTopic} is blank
     */
    public RoomDirectory(KafkaTemplate<String, String> template, String roomsTopic) {
        this.template = Objects.requireNonNull(template, "template");
        if (roomsTopic == null || roomsTopic.isBlank()) {
            throw new IllegalArgumentException("roomsTopic must not be blank");
        }
        this.roomsTopic = roomsTopic;
    }

    /**
     * Watches a room (or changes its settings).
     *
     * @param roomId   the room id (a real id; a short id works but is a different key)
     * @param settings how to watch it
     * @return completes when the broker acknowledged the record
     * @throws IllegalArgumentException if {@code roomId} is not positive
     */
    public CompletableFuture<Void> watch(long roomId, WatchSettings settings) {
        requireRoom(roomId);
        Objects.requireNonNull(settings, "settings");
        return template.send(roomsTopic, Long.toString(roomId), settings.toJson()).thenApply(r -> null);
    }

    /**
     * Stops watching a room: writes its tombstone.
     *
     * @param roomId the room id
     * @return completes when the broker acknowledged the tombstone
     * @throws IllegalArgumentException if {@code roomId} is not positive
     */
    public CompletableFuture<Void> unwatch(long roomId) {
        requireRoom(roomId);
        return template.send(roomsTopic, Long.toString(roomId), null).thenApply(r -> null);
    }

    private static void requireRoom(long roomId) {
        if (roomId <= 0) {
            throw new IllegalArgumentException("roomId must be positive, was " + roomId);
        }
    }
}
