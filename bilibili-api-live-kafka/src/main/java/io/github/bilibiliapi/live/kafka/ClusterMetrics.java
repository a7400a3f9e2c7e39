package io.github.bilibiliapi.live.kafka;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.function.Supplier;

/**
 * The instance's meters. Tags are bounded: fixed outcome/kind values only; a room tag only when asked for
 * ({@link LiveClusterSettings#roomTag()}).
 */
final class ClusterMetrics {

    static final String PREFIX = "bilibili.live.cluster.";

    private final MeterRegistry registry;
    private final boolean roomTag;
    final Counter connected;
    final Counter reconnecting;
    final Counter disconnected;
    final Counter connectFailed;
    final Counter eventsIn;
    final Counter eventsOut;
    final Counter filtered;
    final Counter publishRetried;
    final Counter publishRejected;
    final Counter publishAbandoned;
    final Counter assigned;
    final Counter revoked;
    final Counter lost;
    final Counter recordsWatch;
    final Counter recordsUnwatch;
    final Counter recordsInvalid;

    ClusterMetrics(MeterRegistry registry, boolean roomTag, Supplier<Number> rooms, Supplier<Number> pending) {
        this.registry = registry;
        this.roomTag = roomTag;
        Gauge.builder(PREFIX + "rooms", rooms).description("Rooms this instance watches").register(registry);
        Gauge.builder(PREFIX + "publish.pending", pending)
                .description("Events handed to Kafka and not yet acknowledged (bounded by max-in-flight)")
                .register(registry);
        connected = connections("connected");
        reconnecting = connections("reconnecting");
        disconnected = connections("disconnected");
        connectFailed = connections("failed");
        eventsIn = Counter.builder(PREFIX + "events.received").description("Events received from rooms")
                .register(registry);
        eventsOut = Counter.builder(PREFIX + "events.published").description("Events acknowledged by Kafka")
                .register(registry);
        filtered = Counter.builder(PREFIX + "events.filtered")
                .description("Events not published because the room's settings exclude their type").register(registry);
        publishRetried = failures("retried");
        publishRejected = failures("rejected");
        publishAbandoned = failures("abandoned");
        assigned = rebalances("assigned");
        revoked = rebalances("revoked");
        lost = rebalances("lost");
        recordsWatch = records("watch");
        recordsUnwatch = records("unwatch");
        recordsInvalid = records("invalid");
    }

    void received(long room) {
        eventsIn.increment();
        if (roomTag) {
            Counter.builder(PREFIX + "room.events.received").tag("room", Long.toString(room)).register(registry)
                    .increment();
        }
    }

    private Counter connections(String event) {
        return Counter.builder(PREFIX + "connections").tag("event", event)
                .description("Danmaku connection events: connected (incl. reconnected), reconnecting, disconnected, "
                        + "failed")
                .register(registry);
    }

    private Counter failures(String outcome) {
        return Counter.builder(PREFIX + "publish.failures").tag("outcome", outcome)
                .description("Failed publishes: retried, rejected (not retriable, logged), abandoned (pending at "
                        + "shutdown, logged)")
                .register(registry);
    }

    private Counter rebalances(String kind) {
        return Counter.builder(PREFIX + "rebalances").tag("kind", kind)
                .description("Rebalance callbacks of the rooms topic's consumer").register(registry);
    }

    private Counter records(String result) {
        return Counter.builder(PREFIX + "room.records").tag("result", result)
                .description("Rooms-topic records read").register(registry);
    }
}
