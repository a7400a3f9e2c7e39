package io.github.bilibiliapi.live.kafka;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Objects;

/**
 * Options of a {@link LiveRoomWatcher}; immutable, every option has a default.
 *
 * @param roomsTopic            the compacted topic listing the rooms (key: room id, value: {@link WatchSettings})
 * @param eventsTopic           the topic events are published to (key: room id)
 * @param groupId               the consumer group every instance of the cluster joins
 * @param instanceId            this instance's name in events and logs
 * @param sessionTimeout        the group's session timeout: how long a crashed instance keeps its rooms; {@code null}
 *                              for the consumer's setting
 * @param maxInFlight           events handed to Kafka and not yet acknowledged, at most; reading waits beyond it
 * @param maxConcurrentConnects rooms connecting at once (after an assignment many rooms connect together)
 * @param retryBackoff          first delay before a failed publish is sent again (doubled per attempt)
 * @param maxRetryBackoff       longest delay between publish attempts
 * @param closeTimeout          how long closing rooms (on revoke or stop) and draining the pending events may take
 * @param roomTag               whether to add a per-room event counter tagged with the room id (unbounded tag
 *                              values: only for a small, fixed set of rooms)
 */
public record LiveClusterSettings(String roomsTopic, String eventsTopic, String groupId, String instanceId,
        Duration sessionTimeout, int maxInFlight, int maxConcurrentConnects, Duration retryBackoff,
        Duration maxRetryBackoff, Duration closeTimeout, boolean roomTag) {

    /** The defaults. */
    public static final LiveClusterSettings DEFAULTS = builder().build();

    /**
     * Checks every option.
     *
     * @throws IllegalArgumentException naming the option that is invalid
     */
    public LiveClusterSettings {
        requireText(roomsTopic, "roomsTopic");
        requireText(eventsTopic, "eventsTopic");
        requireText(groupId, "groupId");
        requireText(instanceId, "instanceId");
        if (roomsTopic.equals(eventsTopic)) {
            throw new IllegalArgumentException("roomsTopic and eventsTopic must differ, both are '" + roomsTopic + "'");
        }
        if (sessionTimeout != null && (sessionTimeout.isNegative() || sessionTimeout.isZero())) {
            throw new IllegalArgumentException("sessionTimeout must be positive, was " + sessionTimeout);
        }
        if (maxInFlight <= 0) {
            throw new IllegalArgumentException("maxInFlight must be positive, was " + maxInFlight);
        }
        if (maxConcurrentConnects <= 0) {
            throw new IllegalArgumentException("maxConcurrentConnects must be positive, was " + maxConcurrentConnects);
        }
        requirePositive(retryBackoff, "retryBackoff");
        requirePositive(maxRetryBackoff, "maxRetryBackoff");
        requirePositive(closeTimeout, "closeTimeout");
        if (maxRetryBackoff.compareTo(retryBackoff) < 0) {
            throw new IllegalArgumentException("maxRetryBackoff must not be shorter than retryBackoff");
        }
    }

    /**
     * A builder with the defaults.
     *
     * @return the builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder starting from these settings.
     *
     * @return the builder
     */
    public Builder toBuilder() {
        return new Builder().roomsTopic(roomsTopic).eventsTopic(eventsTopic).groupId(groupId).instanceId(instanceId)
                .sessionTimeout(sessionTimeout).maxInFlight(maxInFlight).maxConcurrentConnects(maxConcurrentConnects)
                .retryBackoff(retryBackoff, maxRetryBackoff).closeTimeout(closeTimeout).roomTag(roomTag);
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
    }

    private static void requirePositive(Duration value, String name) {
        if (value == null || value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    /** Builds {@link LiveClusterSettings}. */
    public static final class Builder {
        private String roomsTopic = "bilibili.live.rooms";
        private String eventsTopic = "bilibili.live.events";
        private String groupId = "bilibili-live-cluster";
        private String instanceId = ManagementFactory.getRuntimeMXBean().getName();
        private Duration sessionTimeout;
        private int maxInFlight = 10_000;
        private int maxConcurrentConnects = 16;
        private Duration retryBackoff = Duration.ofMillis(500);
        private Duration maxRetryBackoff = Duration.ofSeconds(30);
        private Duration closeTimeout = Duration.ofSeconds(30);
        private boolean roomTag;

        private Builder() {
        }

        /**
         * The rooms topic (default {@code bilibili.live.rooms}).
         *
         * @param topic the topic
         * @return this
         */
        public Builder roomsTopic(String topic) {
            this.roomsTopic = topic;
            return this;
        }

        /**
         * The events topic (default {@code bilibili.live.events}).
         *
         * @param topic the topic
         * @return this
         */
        public Builder eventsTopic(String topic) {
            this.eventsTopic = topic;
            return this;
        }

        /**
         * The consumer group (default {@code bilibili-live-cluster}).
         *
         * @param groupId the group id
         * @return this
         */
        public Builder groupId(String groupId) {
            this.groupId = groupId;
            return this;
        }

        /**
         * This instance's name (default the JVM's {@code pid@host}).
         *
         * @param instanceId the name
         * @return this
         */
        public Builder instanceId(String instanceId) {
            this.instanceId = instanceId;
            return this;
        }

        /**
         * The group's session timeout (default: the consumer's own setting, 45 s in Kafka 4).
         *
         * @param timeout the timeout, or {@code null}
         * @return this
         */
        public Builder sessionTimeout(Duration timeout) {
            this.sessionTimeout = timeout;
            return this;
        }

        /**
         * Events pending acknowledgement, at most (default 10,000).
         *
         * @param max the bound
         * @return this
         */
        public Builder maxInFlight(int max) {
            this.maxInFlight = max;
            return this;
        }

        /**
         * Rooms connecting at once (default 16).
         *
         * @param max the bound
         * @return this
         */
        public Builder maxConcurrentConnects(int max) {
            this.maxConcurrentConnects = max;
            return this;
        }

        /**
         * Delays between publish attempts (default 500 ms doubling up to 30 s).
         *
         * @param initial the first delay
         * @param max     the longest delay
         * @return this
         */
        public Builder retryBackoff(Duration initial, Duration max) {
            this.retryBackoff = initial;
            this.maxRetryBackoff = max;
            return this;
        }

        /**
         * Bound of closing rooms and draining pending events (default 30 s).
         *
         * @param timeout the bound
         * @return this
         */
        public Builder closeTimeout(Duration timeout) {
            this.closeTimeout = timeout;
            return this;
        }

        /**
         * Whether to count events per room with a {@code room} tag (default false).
         *
         * @param roomTag on or off
         * @return this
         */
        public Builder roomTag(boolean roomTag) {
            this.roomTag = roomTag;
            return this;
        }

        /**
         * The settings.
         *
         * @return the settings
         * @throws IllegalArgumentException naming an invalid option
         */
        public LiveClusterSettings build() {
            return new LiveClusterSettings(roomsTopic, eventsTopic, groupId, Objects.requireNonNullElse(instanceId, ""),
                    sessionTimeout, maxInFlight, maxConcurrentConnects, retryBackoff, maxRetryBackoff, closeTimeout,
                    roomTag);
        }
    }
}
