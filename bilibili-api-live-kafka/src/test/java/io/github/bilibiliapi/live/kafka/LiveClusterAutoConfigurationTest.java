package io.github.bilibiliapi.live.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.bilibiliapi.autoconfigure.BilibiliAutoConfiguration;
import io.github.bilibiliapi.live.kafka.ClusterFixture.EventsReader;
import io.github.bilibiliapi.live.kafka.autoconfigure.LiveClusterAutoConfiguration;
import io.github.bilibiliapi.test.FakeBilibiliServer;
import io.github.bilibiliapi.test.live.LiveModule;
import io.github.bilibiliapi.test.live.LiveModule.Compression;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/** The auto-configuration: off unless enabled; Boot's spring.kafka.* connection; topics; a room end to end. */
class LiveClusterAutoConfigurationTest {

    private static EmbeddedKafkaKraftBroker broker;
    private static FakeBilibiliServer server;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(KafkaAutoConfiguration.class, BilibiliAutoConfiguration.class,
                    LiveClusterAutoConfiguration.class));

    @BeforeAll
    static void start() {
        broker = ClusterFixture.broker();
        server = FakeBilibiliServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
        broker.destroy();
    }

    @Test
    void offUnlessEnabled() {
        runner.run(context -> {
            assertThat(context).hasNotFailed().doesNotHaveBean(LiveRoomWatcher.class)
                    .doesNotHaveBean(RoomDirectory.class).doesNotHaveBean(NewTopic.class);
        });
    }

    @Test
    void invalidPropertyFailsStartupNamingIt() {
        runner.withPropertyValues("bilibili.live.cluster.enabled=true", "bilibili.live.cluster.max-in-flight=0",
                "spring.kafka.bootstrap-servers=" + broker.getBrokersAsString()).run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("maxInFlight");
                });
    }

    @Test
    void enabledWatchesTheRoomsOfTheTopicWithBootsKafkaConnection() throws Exception {
        long room = 83_000_001L;
        server.module(LiveModule.class).addRoom(0, room);
        runner.withPropertyValues("bilibili.live.cluster.enabled=true",
                "bilibili.live.cluster.rooms-topic=auto-rooms", "bilibili.live.cluster.events-topic=auto-events",
                "bilibili.live.cluster.group-id=auto", "bilibili.live.cluster.partitions=3",
                "bilibili.live.cluster.session-timeout=6s", "bilibili.live.cluster.instance-id=auto-1",
                "spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                "bilibili.request.host-redirect.base-url=" + server.httpBaseUrl()).run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(LiveRoomWatcher.class)
                            .hasSingleBean(RoomDirectory.class);
                    // the cluster's own template does not make the application's KafkaTemplate ambiguous
                    assertThat(context.getBean(KafkaTemplate.class)).isNotSameAs(
                            context.getBean(LiveClusterAutoConfiguration.TEMPLATE_BEAN));
                    LiveRoomWatcher watcher = context.getBean(LiveRoomWatcher.class);
                    assertThat(watcher.isRunning()).isTrue();
                    assertThat(watcher.settings().instanceId()).isEqualTo("auto-1");

                    // KafkaAdmin created the topics: the rooms one compacted
                    TopicDescription rooms = broker.doWithAdminFunction(a -> {
                        try {
                            return a.describeTopics(List.of("auto-rooms")).allTopicNames().get().get("auto-rooms");
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    assertThat(rooms.partitions()).hasSize(3);
                    String policy = broker.doWithAdminFunction(a -> {
                        try {
                            var key = new org.apache.kafka.common.config.ConfigResource(
                                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, "auto-rooms");
                            return a.describeConfigs(List.of(key)).all().get().get(key).get("cleanup.policy")
                                    .value();
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
                    assertThat(policy).isEqualTo("compact");

                    context.getBean(RoomDirectory.class).watch(room, WatchSettings.ALL).get(10, TimeUnit.SECONDS);
                    await().atMost(Duration.ofSeconds(45)).until(() -> watcher.watchedRooms().contains(room)
                            && server.module(LiveModule.class).authenticatedSessions() == 1);
                    server.module(LiveModule.class).broadcastMessages(Compression.ZLIB,
                            List.of(ThreeInstancesTest.danmu("auto", 1)));
                    try (EventsReader events = new EventsReader(broker, "auto-events", 3)) {
                        await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> assertThat(
                                events.poll().danmuTexts.getOrDefault(room, Set.of())).contains("auto"));
                        assertThat(events.instances.get(room)).containsExactly("auto-1");
                    }
                });
        await().atMost(Duration.ofSeconds(30)).until(() -> server.module(LiveModule.class).openSessions() == 0);
    }
}
