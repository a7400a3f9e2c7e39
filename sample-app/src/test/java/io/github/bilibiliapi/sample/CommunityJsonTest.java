package io.github.bilibiliapi.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Typed records returned straight from a Spring MVC controller serialise only their typed fields: the raw JSON they
 * keep is not in the response. Boots the sample in offline mode on a random port and reads the JSON over HTTP.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("offline")
class CommunityJsonTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    @Value("${local.server.port}")
    int port;

    private String get(String path) throws Exception {
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        return res.body();
    }

    private static void assertNoRaw(JsonNode node) {
        if (node.isObject()) {
            assertThat(node.has("raw")).as("no raw field in %s", node).isFalse();
            node.properties().forEach(e -> assertNoRaw(e.getValue()));
        } else if (node.isArray()) {
            node.values().forEach(CommunityJsonTest::assertNoRaw);
        }
    }

    @Test
    void videoInfoIsSmallAndTyped() throws Exception {
        String body = get("/api/community/videos/BV17x411w7KC");
        JsonNode v = json.readTree(body);
        assertNoRaw(v);
        assertThat(v.path("bvid").asString()).isEqualTo("BV17x411w7KC");
        assertThat(v.path("aid").asLong()).isEqualTo(170001);
        assertThat(v.path("title").asString()).isNotBlank();
        // the raw view answer is about 7 KB; the typed fields are a few hundred bytes
        assertThat(body.length()).isLessThan(1500);
    }

    @Test
    void pagesOfEveryKindCarryOnlyTypedFields() throws Exception {
        JsonNode comments = json.readTree(get("/api/community/videos/170001/comments"));
        assertNoRaw(comments);
        assertThat(comments.path("items")).hasSize(21);
        assertThat(comments.path("items").get(0).path("pinned").asBoolean()).isTrue();
        String token = comments.path("next").path("token").asString();
        assertThat(token).contains("cursor");
        JsonNode second = json.readTree(get("/api/community/videos/170001/comments?page=2&offset="
                + java.net.URLEncoder.encode(token, java.nio.charset.StandardCharsets.UTF_8)));
        assertThat(second.path("cursor").path("number").asInt()).isEqualTo(2);
        assertThat(second.path("items")).hasSize(20);

        JsonNode search = json.readTree(get("/api/community/search?keyword=%E5%B0%91%E5%B9%B4&page=2"));
        assertNoRaw(search);
        JsonNode title = search.path("items").get(0).path("title");
        assertThat(title.path("text").asString()).doesNotContain("<em");
        assertThat(title.path("highlights").get(0).path("start").isInt()).isTrue();

        JsonNode uploads = json.readTree(get("/api/community/users/946974/uploads?page=3"));
        assertNoRaw(uploads);
        assertThat(uploads.path("items")).hasSize(30);
        JsonNode dynamics = json.readTree(get("/api/community/users/946974/dynamics"));
        assertNoRaw(dynamics);
        assertThat(dynamics.path("items").get(2).path("content").path("original").path("kind").asString())
                .isEqualTo("WORD");
        JsonNode folders = json.readTree(get("/api/community/users/946974/favorites"));
        assertNoRaw(folders);
        assertThat(folders).hasSize(3);
    }
}
