package io.github.bilibiliapi.live.kafka.autoconfigure;

import io.github.bilibiliapi.live.kafka.LiveClusterSettings;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * {@code bilibili.live.cluster.*}: watching live rooms across instances with Kafka. The Kafka connection itself
 * (bootstrap servers, security) comes from Spring Boot's {@code spring.kafka.*}.
 */
@ConfigurationProperties("bilibili.live.cluster")
public class LiveClusterProperties {

    /** Whether this application joins the room-watching cluster. */
    private boolean enabled;

    /** Compacted topic listing the rooms to watch (key: room id, value: watch settings JSON; tombstone stops). */
    private String roomsTopic = LiveClusterSettings.DEFAULTS.roomsTopic();

    /** Topic every event of every watched room is published to (key: room id). */
    private String eventsTopic = LiveClusterSettings.DEFAULTS.eventsTopic();

    /** Consumer group shared by every instance of the cluster. */
    private String groupId = LiveClusterSettings.DEFAULTS.groupId();

    /** This instance's name in events and logs; the JVM's pid@host when empty. */
    private String instanceId;

    /** Session timeout of the group: how long a crashed instance keeps its rooms. Kafka's own default when empty. */
    private Duration sessionTimeout;

    /** Events handed to Kafka and not yet acknowledged, at most; reading waits beyond it. */
    private int maxInFlight = LiveClusterSettings.DEFAULTS.maxInFlight();

    /** Rooms connecting at once after an assignment. */
    private int maxConcurrentConnects = LiveClusterSettings.DEFAULTS.maxConcurrentConnects();

    /** First delay before a failed publish is sent again (doubled per attempt). */
    private Duration retryBackoff = LiveClusterSettings.DEFAULTS.retryBackoff();

    /** Longest delay between publish attempts. */
    private Duration maxRetryBackoff = LiveClusterSettings.DEFAULTS.maxRetryBackoff();

    /** Bound of closing rooms on a revoke or at shutdown, and of draining pending events. */
    private Duration closeTimeout = LiveClusterSettings.DEFAULTS.closeTimeout();

    /** Whether to count events per room with a room tag (unbounded tag values: only for a few fixed rooms). */
    private boolean roomTag;

    /** Threads shared by all danmaku connections of this instance (timers and event delivery). */
    private int threads = 2;

    /** Whether to create the two topics at startup (through Spring Boot's KafkaAdmin) when they are missing. */
    private boolean createTopics = true;

    /** Partitions of the topics created at startup; at least the number of instances, more for an even spread. */
    private int partitions = 24;

    /** Replication factor of the topics created at startup; the broker's default when empty. */
    private Short replicas;

    /**
     * The settings these properties describe.
     *
     * @return the settings
     * @throws IllegalArgumentException naming an invalid property
     */
    public LiveClusterSettings toSettings() {
        LiveClusterSettings.Builder b = LiveClusterSettings.builder().roomsTopic(roomsTopic).eventsTopic(eventsTopic)
                .groupId(groupId).sessionTimeout(sessionTimeout).maxInFlight(maxInFlight)
                .maxConcurrentConnects(maxConcurrentConnects).retryBackoff(retryBackoff, maxRetryBackoff)
                .closeTimeout(closeTimeout).roomTag(roomTag);
        if (instanceId != null && !instanceId.isBlank()) {
            b.instanceId(instanceId);
        }
        return b.build();
    }

    public boolean isEnabled() {
        return enabled;
    }

    public void setEnabled(boolean enabled) {
        this.enabled = enabled;
    }

    public String getRoomsTopic() {
        return roomsTopic;
    }

    public void setRoomsTopic(String roomsTopic) {
        this.roomsTopic = roomsTopic;
    }

    public String getEventsTopic() {
        return eventsTopic;
    }

    public void setEventsTopic(String eventsTopic) {
        this.eventsTopic = eventsTopic;
    }

    public String getGroupId() {
        return groupId;
    }

    public void setGroupId(String groupId) {
        this.groupId = groupId;
    }

    public String getInstanceId() {
        return instanceId;
    }

    public void setInstanceId(String instanceId) {
        this.instanceId = instanceId;
    }

    public Duration getSessionTimeout() {
        return sessionTimeout;
    }

    public void setSessionTimeout(Duration sessionTimeout) {
        this.sessionTimeout = sessionTimeout;
    }

    public int getMaxInFlight() {
        return maxInFlight;
    }

    public void setMaxInFlight(int maxInFlight) {
        this.maxInFlight = maxInFlight;
    }

    public int getMaxConcurrentConnects() {
        return maxConcurrentConnects;
    }

    public void setMaxConcurrentConnects(int maxConcurrentConnects) {
        this.maxConcurrentConnects = maxConcurrentConnects;
    }

    public Duration getRetryBackoff() {
        return retryBackoff;
    }

    public void setRetryBackoff(Duration retryBackoff) {
        this.retryBackoff = retryBackoff;
    }

    public Duration getMaxRetryBackoff() {
        return maxRetryBackoff;
    }

    public void setMaxRetryBackoff(Duration maxRetryBackoff) {
        this.maxRetryBackoff = maxRetryBackoff;
    }

    public Duration getCloseTimeout() {
        return closeTimeout;
    }

    public void setCloseTimeout(Duration closeTimeout) {
        this.closeTimeout = closeTimeout;
    }

    public boolean isRoomTag() {
        return roomTag;
    }

    public void setRoomTag(boolean roomTag) {
        this.roomTag = roomTag;
    }

    public int getThreads() {
        return threads;
    }

    public void setThreads(int threads) {
        this.threads = threads;
    }

    public boolean isCreateTopics() {
        return createTopics;
    }

    public void setCreateTopics(boolean createTopics) {
        this.createTopics = createTopics;
    }

    public int getPartitions() {
        return partitions;
    }

    public void setPartitions(int partitions) {
        this.partitions = partitions;
    }

    public Short getReplicas() {
        return replicas;
    }

    public void setReplicas(Short replicas) {
        this.replicas = replicas;
    }
}
