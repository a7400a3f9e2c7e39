package io.github.bilibiliapi.live.kafka;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerAwareRebalanceListener;
import org.springframework.kafka.listener.ContainerProperties;
import org.springframework.kafka.listener.KafkaMessageListenerContainer;
import org.springframework.kafka.listener.MessageListener;

/**
 * One instance of a room-watching cluster. It consumes the compacted rooms topic in the cluster's consumer group and
 * watches exactly the rooms on the partitions Kafka assigns to it: when partitions are assigned it reads them from the
 * beginning and opens a connection per room (a record with a value watches, a tombstone stops), and when they are
 * revoked or lost it closes their rooms' connections. Every event of a watched room is published to the events topic,
 * keyed by room id, as a {@link ClusterEvent}.
 *
 * <p>Instances need nothing but the same topics and group id: Kafka's group protocol (cooperative sticky assignment,
 * so a membership change only moves the partitions it must) spreads the rooms, moves them when an instance joins or
 * leaves, and hands a crashed instance's rooms to the others after the session timeout.
 *
 * <p>Delivery is at least once (see {@link ClusterEvent} for the ids that let consumers drop duplicates). On a revoke
 * the rooms are closed and their pending events acknowledged before the partitions are released, so the next owner
 * starts after the previous one stopped.
 */
public final class LiveRoomWatcher implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LiveRoomWatcher.class);

    private final LiveClusterSettings settings;
    private final ConsumerFactory<String, String> consumerFactory;
    private final KafkaTemplate<String, String> template;
    private final RoomEventSource source;
    private final ClusterMetrics metrics;
    private final Map<Long, Watch> watches = new ConcurrentHashMap<>();
    private final Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();
    private final ConnectGate gate;
    private volatile EventPublisher publisher;
    private volatile KafkaMessageListenerContainer<String, String> container;

    /**
     * A watcher; {@link #start()} joins the group.
     *
     * @param settings        topics, group and bounds
     * @param consumerFactory creates the rooms-topic consumer (connection settings); this class sets String
     *                        deserializers, the group, cooperative sticky assignment and disables auto-commit
     * @param template        publishes events; build it with {@link LiveClusterKafka#eventTemplate}
     * @param source          opens the rooms' connections
     * @param registry        where the meters go
     * @throws NullPointerException if an argument is null
     */
    public LiveRoomWatcher(LiveClusterSettings settings, ConsumerFactory<String, String> consumerFactory,
            KafkaTemplate<String, String> template, RoomEventSource source, MeterRegistry registry) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.consumerFactory = Objects.requireNonNull(consumerFactory, "consumerFactory");
        this.template = Objects.requireNonNull(template, "template");
        this.source = Objects.requireNonNull(source, "source");
        this.metrics = new ClusterMetrics(Objects.requireNonNull(registry, "registry"), settings.roomTag(),
                watches::size, () -> {
                    EventPublisher p = publisher;
                    return p == null ? 0 : p.pending();
                });
        this.gate = new ConnectGate(settings.maxConcurrentConnects(), Duration.ofSeconds(30));
    }

    // ------------------------------------------------------------------ lifecycle

    /** Joins the group: from now on the instance watches the rooms of the partitions it is assigned. */
    @Override
    public synchronized void start() {
        if (container != null) {
            return;
        }
        publisher = new EventPublisher(template, settings, metrics);
        ContainerProperties props = new ContainerProperties(settings.roomsTopic());
        props.setGroupId(settings.groupId());
        // distinct per instance: several instances in one JVM must not share a client id (metrics, JMX)
        props.setClientId("bili-live-cluster-" + settings.instanceId().replaceAll("[^A-Za-z0-9._-]", "_"));
        props.setConsumerRebalanceListener(new Rebalance());
        props.setMessageListener((MessageListener<String, String>) this::onRecord);
        props.setKafkaConsumerProperties(consumerOverrides());
        // the revoke on close waits for the rooms to close and their events to be acknowledged
        props.setShutdownTimeout(settings.closeTimeout().multipliedBy(2).plusSeconds(5).toMillis());
        KafkaMessageListenerContainer<String, String> c = new KafkaMessageListenerContainer<>(consumerFactory, props);
        c.setBeanName("bili-live-cluster-" + settings.instanceId());
        c.start();
        container = c;
        log.info("live cluster instance {} joined group {} on {}", settings.instanceId(), settings.groupId(),
                settings.roomsTopic());
    }

    /**
     * Leaves the group (its rooms move to the other instances at once), closes every room and waits up to
     * {@code closeTimeout} for the pending events to be acknowledged; events still pending then are counted as
     * abandoned and logged.
     */
    @Override
    public synchronized void stop() {
        KafkaMessageListenerContainer<String, String> c = container;
        if (c == null) {
            return;
        }
        c.stop();
        gate.clear();
        // the revoke callback closed the assigned rooms; this covers a consumer that closed without one
        closeRooms(w -> true, "stopped");
        assigned.clear();
        publisher.close(settings.closeTimeout());
        container = null;
        log.info("live cluster instance {} stopped", settings.instanceId());
    }

    @Override
    public boolean isRunning() {
        return container != null;
    }

    /**
     * Started after and stopped before the lifecycle beans of lower phases (such as the web server's graceful
     * shutdown), so rooms are only watched while the rest of the application runs.
     */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 100;
    }

    /**
     * The rooms this instance watches now (connected or connecting).
     *
     * @return a snapshot
     */
    public Set<Long> watchedRooms() {
        return Set.copyOf(watches.keySet());
    }

    /**
     * The rooms-topic partitions assigned to this instance now.
     *
     * @return a snapshot
     */
    public Set<TopicPartition> assignedPartitions() {
        return Set.copyOf(assigned);
    }

    /**
     * The settings.
     *
     * @return the settings
     */
    public LiveClusterSettings settings() {
        return settings;
    }

    private Properties consumerOverrides() {
        Properties p = new Properties();
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.GROUP_PROTOCOL_CONFIG, "classic");
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        Duration session = settings.sessionTimeout();
        if (session != null) {
            p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Long.toString(session.toMillis()));
            p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, Long.toString(Math.max(100, session.toMillis() / 4)));
        }
        return p;
    }

    // ------------------------------------------------------------------ rooms topic

    private void onRecord(ConsumerRecord<String, String> record) {
        long room;
        try {
            room = Long.parseLong(Objects.requireNonNull(record.key(), "key"));
            if (room <= 0) {
                throw new NumberFormatException("not positive");
            }
        } catch (RuntimeException e) {
            metrics.recordsInvalid.increment();
            log.warn("rooms topic {}-{}@{}: the key must be a room id, was {}", record.topic(), record.partition(),
                    record.offset(), record.key() == null ? "null" : "'" + record.key() + "'");
            return;
        }
        if (record.value() == null) {
            metrics.recordsUnwatch.increment();
            Watch w = watches.remove(room);
            if (w != null) {
                log.debug("room {} unwatched", room);
                w.close();
            }
            return;
        }
        WatchSettings ws;
        try {
            ws = WatchSettings.fromJson(record.value());
        } catch (IllegalArgumentException e) {
            metrics.recordsInvalid.increment();
            log.warn("rooms topic {}-{}@{}: room {} keeps its previous state: {}", record.topic(), record.partition(),
                    record.offset(), room, e.getMessage());
            return;
        }
        metrics.recordsWatch.increment();
        Watch existing = watches.get(room);
        if (existing != null) {
            existing.settings = ws; // applied to the next event; the connection stays
            return;
        }
        Watch w = new Watch(room, new TopicPartition(record.topic(), record.partition()), ws);
        watches.put(room, w);
        gate.submit(w::open);
    }

    /** Closes the matching rooms; false if some did not close within the close timeout. */
    private boolean closeRooms(Predicate<Watch> which, String why) {
        List<Watch> closing = new ArrayList<>();
        for (Watch w : watches.values()) {
            if (which.test(w) && watches.remove(w.room, w)) {
                closing.add(w);
            }
        }
        if (closing.isEmpty()) {
            return true;
        }
        List<CompletableFuture<Void>> closed = new ArrayList<>(closing.size());
        for (Watch w : closing) {
            closed.add(w.close());
        }
        try {
            CompletableFuture.allOf(closed.toArray(CompletableFuture[]::new))
                    .get(settings.closeTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            // a room's connection closes on its event thread, which waits while the broker takes no events
            log.warn("{} of {} rooms ({}) did not close within {} ms", closed.stream().filter(f -> !f.isDone())
                    .count(), closing.size(), why, settings.closeTimeout().toMillis());
            return false;
        } catch (ExecutionException e) {
            log.warn("closing rooms ({}) failed: {}", why, e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        log.info("instance {} closed {} rooms ({})", settings.instanceId(), closing.size(), why);
        return true;
    }

    private final class Rebalance implements ConsumerAwareRebalanceListener {

        @Override
        public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
            metrics.assigned.increment();
            if (partitions.isEmpty()) {
                return;
            }
            assigned.addAll(partitions);
            // the rooms of a partition are its whole compacted history, whatever the group committed
            consumer.seekToBeginning(partitions);
            log.info("instance {} assigned {}", settings.instanceId(), partitions);
        }

        @Override
        public void onPartitionsRevokedBeforeCommit(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            metrics.revoked.increment();
            release(partitions, "revoked");
        }

        @Override
        public void onPartitionsLost(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
            if (partitions.isEmpty()) {
                return;
            }
            metrics.lost.increment();
            release(partitions, "lost");
        }

        private void release(Collection<TopicPartition> partitions, String why) {
            Set<TopicPartition> gone = new HashSet<>(partitions);
            assigned.removeAll(gone);
            if (!closeRooms(w -> gone.contains(w.partition), why + " " + gone)) {
                return; // the broker is not taking events: waiting for them again would only delay the rebalance
            }
            // the events of the closed rooms reach the topic before another instance opens them
            try {
                if (!publisher.awaitIdle(settings.closeTimeout())) {
                    log.warn("events of revoked rooms still pending after {} ms", settings.closeTimeout().toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // ------------------------------------------------------------------ one room

    private final class Watch {
        final long room;
        final TopicPartition partition;
        volatile WatchSettings settings;
        private final AtomicLong seq = new AtomicLong();
        private RoomEventSource.Connection connection;
        private boolean closed;

        Watch(long room, TopicPartition partition, WatchSettings settings) {
            this.room = room;
            this.partition = partition;
            this.settings = settings;
        }

        synchronized CompletableFuture<?> open() {
            if (closed) {
                return CompletableFuture.completedFuture(null);
            }
            try {
                connection = source.open(room, this::onEvent);
            } catch (RuntimeException e) {
                metrics.connectFailed.increment();
                log.warn("room {} could not be opened: {}", room, e.toString());
                return CompletableFuture.completedFuture(null);
            }
            return connection.connected().whenComplete((v, e) -> {
                if (e != null && !closedNow()) {
                    metrics.connectFailed.increment();
                    log.warn("room {} could not be connected and is not watched: {}", room, e.toString());
                }
            });
        }

        private synchronized boolean closedNow() {
            return closed;
        }

        CompletableFuture<Void> close() {
            RoomEventSource.Connection c;
            synchronized (this) {
                closed = true;
                c = connection;
            }
            if (c == null) {
                return CompletableFuture.completedFuture(null);
            }
            try {
                return c.close();
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        private void onEvent(RoomEvent e) {
            switch (e.type()) {
                case "VERIFICATION_SUCCESSFUL" -> metrics.connected.increment();
                case "RECONNECTING" -> metrics.reconnecting.increment();
                case "DISCONNECT" -> metrics.disconnected.increment();
                default -> {
                }
            }
            metrics.received(room);
            if (!settings.accepts(e.type())) {
                metrics.filtered.increment();
                return;
            }
            publisher.publish(ClusterEvent.of(e, System.currentTimeMillis(), LiveRoomWatcher.this.settings
                    .instanceId(), seq.incrementAndGet()));
        }
    }
}
