package io.github.bilibiliapi.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Boots the sample in offline mode (the fake bilibili in-process) on a random port and calls every endpoint over
 * HTTP, as the browser would.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "sample.offline.danmaku-interval-ms=100")
@ActiveProfiles("offline")
class SampleAppOfflineTest {

    /** A 1×1 PNG. */
    static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    @Value("${local.server.port}")
    int port;

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void userInfoIsSignedFetchedAndShaped() throws Exception {
        HttpResponse<String> res = get("/api/users/2");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        JsonNode body = json.readTree(res.body());
        assertThat(body.path("mid").asLong()).isEqualTo(2);
        assertThat(body.path("name").asString()).isNotBlank();
    }

    @Test
    void videoInfoByBvidAndByAid() throws Exception {
        HttpResponse<String> byBvid = get("/api/videos/BV17x411w7KC");
        assertThat(byBvid.statusCode()).as(byBvid.body()).isEqualTo(200);
        JsonNode v = json.readTree(byBvid.body());
        assertThat(v.path("bvid").asString()).isEqualTo("BV17x411w7KC");
        long aid = v.path("aid").asLong();
        assertThat(aid).isPositive();

        HttpResponse<String> byAid = get("/api/videos/av" + aid);
        assertThat(byAid.statusCode()).as(byAid.body()).isEqualTo(200);
        assertThat(json.readTree(byAid.body()).path("bvid").asString()).isEqualTo("BV17x411w7KC");
    }

    @Test
    void badInputIsA400BeforeAnyCall() throws Exception {
        assertThat(get("/api/videos/BVnot-a-bvid").statusCode()).isEqualTo(400);
        assertThat(get("/api/users/-5").statusCode()).isEqualTo(400);
    }

    @Test
    void imageUploadGoesThroughMultipartWithCsrf() throws Exception {
        String boundary = "sample-boundary-42";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"dot.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.write(PNG);
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/images")).header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        JsonNode image = json.readTree(res.body());
        assertThat(image.path("width").asInt()).isEqualTo(1);
        assertThat(image.path("height").asInt()).isEqualTo(1);
        assertThat(image.path("url").asString()).startsWith("http");
    }

    @Test
    void liveRoomResolvesTheShortIdAndListsHostsWithoutTheToken() throws Exception {
        HttpResponse<String> res = get("/api/live/76");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        JsonNode room = json.readTree(res.body());
        assertThat(room.path("roomId").asLong()).isEqualTo(14073662L);
        assertThat(room.path("danmakuHosts").size()).isPositive();
        assertThat(res.body()).doesNotContain("token");
    }

    @Test
    void danmakuStreamsToTheBrowserAsServerSentEvents() throws Exception {
        HttpResponse<InputStream> res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/api/live/76/danmaku")).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(res.statusCode()).isEqualTo(200);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(res.body(), StandardCharsets.UTF_8))) {
            CompletableFuture<String> danmu = CompletableFuture.supplyAsync(() -> {
                boolean verified = false;
                try {
                    for (String line; (line = reader.readLine()) != null; ) {
                        if (line.contains("VERIFICATION_SUCCESSFUL")) {
                            verified = true;
                        }
                        if (verified && line.startsWith("data:") && line.contains("\"DANMU_MSG\"")) {
                            return line;
                        }
                    }
                    return "stream ended";
                } catch (java.io.IOException e) {
                    return e.toString();
                }
            });
            assertThat(danmu.get(30, TimeUnit.SECONDS)).contains("\"text\"").contains("\"user\"");
        }
    }

    @Test
    void metricsRecordTheCalls() throws Exception {
        assertThat(get("/api/users/2").statusCode()).isEqualTo(200);
        HttpResponse<String> res = get("/actuator/metrics/bilibili.client.requests");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        JsonNode metric = json.readTree(res.body());
        assertThat(metric.path("measurements").get(0).path("value").asDouble()).isPositive();
        assertThat(res.body()).contains("bili.code").contains("backend");
    }

    @Test
    void credentialsAreMaskedInConfigprops() throws Exception {
        HttpResponse<String> res = get("/actuator/configprops");
        assertThat(res.statusCode()).isEqualTo(200);
        assertThat(res.body()).contains("bilibili").doesNotContain("fake0sessdata");
    }
}
