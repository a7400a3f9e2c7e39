package io.github.bilibiliapi.sample.cluster;

import io.github.bilibiliapi.live.kafka.ClusterEvent;
import io.github.bilibiliapi.live.kafka.LiveRoomWatcher;
import io.github.bilibiliapi.live.kafka.RoomDirectory;
import io.github.bilibiliapi.live.kafka.WatchSettings;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Profile;
import org.springframework.context.event.EventListener;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The {@code cluster} profile's demo: adds rooms to the rooms topic, shows what this instance watches, and reads the
 * events topic back the way a consumer would (dropping duplicate ids, which a takeover may produce).
 *
 * <ul>
 * <li>{@code GET /api/cluster}: this instance, its partitions and rooms, events read</li>
 * <li>{@code PUT /api/cluster/rooms/{id}?types=DANMU_MSG,SEND_GIFT}: watch a room (all events without types)</li>
 * <li>{@code DELETE /api/cluster/rooms/{id}}: stop watching it (tombstone)</li>
 * <li>{@code GET /api/cluster/events}: the last events read from the events topic</li>
 * </ul>
 */
@RestController
@RequestMapping("/api/cluster")
@Profile(DemoKafkaBroker.PROFILE)
class ClusterController {

    private static final int KEEP = 50;

    private final RoomDirectory rooms;
    private final LiveRoomWatcher watcher;
    private final List<Long> demoRooms;
    private final Deque<Map<String, Object>> last = new ArrayDeque<>();
    private final Set<String> seenIds = new LinkedHashSet<>();
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();

    ClusterController(RoomDirectory rooms, LiveRoomWatcher watcher,
            @Value("${sample.cluster.demo-rooms:}") List<Long> demoRooms) {
        this.rooms = rooms;
        this.watcher = watcher;
        this.demoRooms = demoRooms;
    }

    /** Puts the configured demo rooms into the rooms topic once the app is up. */
    @EventListener(ApplicationReadyEvent.class)
    void watchDemoRooms() {
        for (long room : demoRooms) {
            rooms.watch(room, WatchSettings.ALL);
        }
    }

    @GetMapping
    Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("instance", watcher.settings().instanceId());
        m.put("partitions", watcher.assignedPartitions().stream().map(Object::toString).sorted().toList());
        m.put("rooms", new TreeSet<>(watcher.watchedRooms()));
        m.put("eventsRead", read.get());
        m.put("duplicatesDropped", duplicates.get());
        return m;
    }

    @PutMapping("/rooms/{id}")
    Map<String, Object> watch(@PathVariable long id, @RequestParam(required = false) List<String> types)
            throws Exception {
        WatchSettings settings = types == null || types.isEmpty() ? WatchSettings.ALL
                : new WatchSettings(Set.copyOf(types));
        rooms.watch(id, settings).get(10, TimeUnit.SECONDS);
        return Map.of("room", id, "settings", settings.toJson());
    }

    @DeleteMapping("/rooms/{id}")
    Map<String, Object> unwatch(@PathVariable long id) throws Exception {
        rooms.unwatch(id).get(10, TimeUnit.SECONDS);
        return Map.of("room", id, "watched", false);
    }

    @GetMapping("/events")
    synchronized List<Map<String, Object>> events() {
        return new ArrayList<>(last);
    }

    /** A consumer of the events topic in its own group: every instance of the sample reads every event. */
    @KafkaListener(topics = "${bilibili.live.cluster.events-topic:bilibili.live.events}",
            groupId = "${sample.cluster.reader-group:bilibili-sample-reader}")
    synchronized void onEvent(ConsumerRecord<String, String> record) {
        read.incrementAndGet();
        ClusterEvent e = ClusterEvent.parse(record.value());
        if (!seenIds.add(e.id())) {
            duplicates.incrementAndGet();
            return;
        }
        if (seenIds.size() > 10_000) {
            seenIds.remove(seenIds.iterator().next());
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", e.id());
        m.put("type", e.type());
        m.put("room", e.room());
        m.put("instance", e.instance());
        m.put("fields", e.fields().toString());
        last.addFirst(m);
        while (last.size() > KEEP) {
            last.removeLast();
        }
    }
}
