package io.github.bilibiliapi.live.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bilibiliapi.live.danmaku.DanmakuEvent;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The published JSON, the event ids, the watch settings and the option checks: no I/O. */
class EventSchemaTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void aServerMessageHasTheSameIdOnEveryInstanceAndADifferentOneInAnotherRoom() {
        JsonNode raw = JSON.readTree(ThreeInstancesTest.danmu("hi", 1));
        RoomEvent e = LiveDanmakuSource.toRoomEvent(5, new DanmakuEvent("DANMU_MSG", raw, 5, null));
        ClusterEvent onA = ClusterEvent.of(e, 1000, "a", 1);
        ClusterEvent onB = ClusterEvent.of(e, 2000, "b", 7);
        assertThat(onA.id()).isEqualTo(onB.id());
        RoomEvent other = LiveDanmakuSource.toRoomEvent(6, new DanmakuEvent("DANMU_MSG", raw, 6, null));
        assertThat(ClusterEvent.of(other, 1000, "a", 1).id()).isNotEqualTo(onA.id());
        RoomEvent otherText = LiveDanmakuSource.toRoomEvent(5, new DanmakuEvent("DANMU_MSG",
                JSON.readTree(ThreeInstancesTest.danmu("ho", 1)), 5, null));
        assertThat(ClusterEvent.of(otherText, 1000, "a", 1).id()).isNotEqualTo(onA.id());
    }

    @Test
    void connectionEventsGetTheirOwnIds() {
        RoomEvent view = LiveDanmakuSource.toRoomEvent(5, new DanmakuEvent(DanmakuEvent.VIEW,
                JSON.getNodeFactory().numberNode(2466L), 5, null));
        assertThat(view.server()).isFalse();
        assertThat(view.fields().path("popularity").asLong()).isEqualTo(2466);
        assertThat(ClusterEvent.of(view, 1, "a", 1).id()).isNotEqualTo(ClusterEvent.of(view, 1, "a", 1).id());
    }

    @Test
    void theJsonCarriesTheDocumentedFieldsAndReadsBack() {
        JsonNode raw = JSON.readTree(ThreeInstancesTest.danmu("hello", 1));
        ClusterEvent e = ClusterEvent.of(LiveDanmakuSource.toRoomEvent(22637261,
                new DanmakuEvent("DANMU_MSG", raw, 22637261, null)), 1764925200123L, "host-1", 17);
        JsonNode json = JSON.readTree(e.toJson());
        assertThat(json.propertyNames()).containsExactly("v", "id", "type", "room", "time", "instance", "seq",
                "fields", "raw");
        assertThat(json.path("v").asInt()).isEqualTo(1);
        assertThat(json.path("type").asString()).isEqualTo("DANMU_MSG");
        assertThat(json.path("room").asLong()).isEqualTo(22637261);
        assertThat(json.path("time").asLong()).isEqualTo(1764925200123L);
        assertThat(json.path("fields").path("text").asString()).isEqualTo("hello");
        assertThat(json.path("fields").path("uname").asString()).isEqualTo("viewer");
        assertThat(json.path("raw")).isEqualTo(raw);
        // numbers read back as the smallest node type, so compare the JSON
        assertThat(ClusterEvent.parse(e.toJson()).toJson()).isEqualTo(e.toJson());
        assertThatThrownBy(() -> ClusterEvent.parse("{\"v\":2}")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version 1");
    }

    @Test
    void aMessageTheTypedViewCannotReadIsStillPublishedWithItsRawJson() {
        JsonNode raw = JSON.readTree("{\"cmd\":\"DANMU_MSG\",\"info\":\"not an array\"}");
        RoomEvent e = LiveDanmakuSource.toRoomEvent(5, new DanmakuEvent("DANMU_MSG", raw, 5, null));
        assertThat(e.fields().isEmpty()).isTrue();
        assertThat(e.raw()).isEqualTo(raw);
        assertThat(e.server()).isTrue();
    }

    @Test
    void watchSettingsReadAndWriteTheirJson() {
        assertThat(WatchSettings.fromJson("{}")).isEqualTo(WatchSettings.ALL);
        assertThat(WatchSettings.fromJson("{\"types\":[\"SEND_GIFT\",\"DANMU_MSG\"],\"later\":1}"))
                .isEqualTo(WatchSettings.types("DANMU_MSG", "SEND_GIFT"));
        assertThat(WatchSettings.types("SEND_GIFT", "DANMU_MSG").toJson())
                .isEqualTo("{\"types\":[\"DANMU_MSG\",\"SEND_GIFT\"]}");
        assertThat(WatchSettings.ALL.toJson()).isEqualTo("{}");
        assertThat(WatchSettings.types("VIEW").accepts("DANMU_MSG")).isFalse();
        assertThat(WatchSettings.ALL.accepts("DANMU_MSG")).isTrue();
        assertThatThrownBy(() -> WatchSettings.fromJson("{\"types\":\"DANMU_MSG\"}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("types");
        assertThatThrownBy(() -> WatchSettings.fromJson("[1]")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("object");
        assertThatThrownBy(() -> WatchSettings.types("DANMU_MSG:4")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("types");
    }

    @Test
    void badOptionsAreRejectedNamingTheOption() {
        assertThatThrownBy(() -> LiveClusterSettings.builder().maxInFlight(0).build())
                .hasMessageContaining("maxInFlight");
        assertThatThrownBy(() -> LiveClusterSettings.builder().roomsTopic("t").eventsTopic("t").build())
                .hasMessageContaining("roomsTopic and eventsTopic");
        assertThatThrownBy(() -> LiveClusterSettings.builder().sessionTimeout(Duration.ZERO).build())
                .hasMessageContaining("sessionTimeout");
        assertThatThrownBy(() -> LiveClusterSettings.builder().groupId(" ").build()).hasMessageContaining("groupId");
        assertThatThrownBy(() -> LiveClusterSettings.builder().retryBackoff(Duration.ofSeconds(2),
                Duration.ofSeconds(1)).build()).hasMessageContaining("maxRetryBackoff");
        assertThatThrownBy(() -> new RoomDirectory(ClusterFixture.templateWithoutBroker(), "rooms").watch(0,
                WatchSettings.ALL)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("roomId");
    }
}
