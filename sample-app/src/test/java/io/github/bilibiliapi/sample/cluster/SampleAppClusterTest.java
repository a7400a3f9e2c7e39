package io.github.bilibiliapi.sample.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Boots the sample with the {@code offline} and {@code cluster} profiles: the fake bilibili and the embedded broker
 * in-process, the demo rooms put into the rooms topic, watched by this (single) instance, and the fake's danmaku read
 * back from the events topic over the app's REST endpoints.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "sample.offline.danmaku-interval-ms=100")
@ActiveProfiles({"offline", "cluster"})
class SampleAppClusterTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    @Value("${local.server.port}")
    int port;

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return json.readTree(res.body());
    }

    @Test
    void theDemoRoomsAreWatchedAndTheirDanmakuReachesTheEventsTopic() {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode status = get("/api/cluster");
            List<Long> rooms = new ArrayList<>();
            status.path("rooms").forEach(r -> rooms.add(r.asLong()));
            assertThat(rooms).containsExactlyInAnyOrder(14073662L, 22637261L);
            assertThat(status.path("partitions").size()).isEqualTo(6);
        });
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<String> types = new ArrayList<>();
            List<Long> rooms = new ArrayList<>();
            for (JsonNode e : get("/api/cluster/events")) {
                types.add(e.path("type").asString());
                rooms.add(e.path("room").asLong());
            }
            assertThat(types).contains("DANMU_MSG");
            assertThat(rooms).contains(14073662L, 22637261L);
        });
    }
}
