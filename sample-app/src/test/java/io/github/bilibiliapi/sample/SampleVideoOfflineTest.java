package io.github.bilibiliapi.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bilibiliapi.test.FakeBilibiliServer;
import io.github.bilibiliapi.test.RecordedRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The offline profile serves a whole video through the default host redirection: the play URL's CDN hosts
 * ({@code *.bilivideo.com}), the subtitle host ({@code aisubtitle.hdslb.com}) and the danmaku all reach the in-process
 * fake without the profile listing them.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("offline")
class SampleVideoOfflineTest {

    static final String BVID = "BV17x411w7KC";

    @TempDir
    static Path downloads;

    @DynamicPropertySource
    static void downloadsDir(DynamicPropertyRegistry registry) {
        registry.add("sample.downloads.dir", downloads::toString);
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    @Value("${local.server.port}")
    int port;

    @Autowired
    FakeBilibiliServer fake;

    private HttpResponse<String> send(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void downloadsTheVideoAndAudioFromTheCdn() throws Exception {
        HttpResponse<String> res = send("POST", "/api/videos/" + BVID + "/download?maxQn=80");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        JsonNode body = json.readTree(res.body());
        assertThat(body.path("quality").asInt()).isEqualTo(80); // the offline account is logged in, not premium
        for (String kind : new String[] {"video", "audio"}) {
            JsonNode file = body.path(kind);
            Path path = downloads.resolve(file.path("file").asString());
            assertThat(path).exists();
            assertThat(Files.size(path)).isEqualTo(file.path("size").asLong()).isPositive();
            assertThat(downloads.resolve(path.getFileName() + ".part")).doesNotExist();
        }
        assertThat(body.path("mux").asString()).startsWith("ffmpeg -i " + BVID);
        // the chunks came from the fake's CDN route with the Referer the CDN demands
        RecordedRequest chunk = fake.recentRequests().stream().filter(r -> r.path().startsWith("/upgcxcode/"))
                .findFirst().orElseThrow();
        assertThat(chunk.headers().get("referer")).containsExactly("https://www.bilibili.com/");
        assertThat(chunk.headers().get("range")).isNotEmpty();

        assertThat(send("POST", "/api/videos/" + BVID + "/download?maxQn=-1").statusCode()).isEqualTo(400);
        assertThat(send("POST", "/api/videos/BVnot-a-bvid/download").statusCode()).isEqualTo(400);
    }

    @Test
    void subtitlesAsSrtAndWebVtt() throws Exception {
        HttpResponse<String> tracks = send("GET", "/api/videos/" + BVID + "/subtitles");
        assertThat(tracks.statusCode()).as(tracks.body()).isEqualTo(200);
        assertThat(json.readTree(tracks.body()).findValuesAsString("lan")).contains("zh-Hans", "en-US", "ai-zh");

        HttpResponse<String> srt = send("GET", "/api/videos/" + BVID + "/subtitles/zh-Hans");
        assertThat(srt.statusCode()).as(srt.body()).isEqualTo(200);
        assertThat(srt.body()).startsWith("1\n00:00:00,500 --> 00:00:01,580\n很多人可能不知道\n\n");
        HttpResponse<String> vtt = send("GET", "/api/videos/" + BVID + "/subtitles/zh-Hans?format=vtt");
        assertThat(vtt.body()).startsWith("WEBVTT\n\n00:00:00.500 --> 00:00:01.580\n");
        assertThat(fake.requestCount("/x/player/wbi/v2")).isPositive();
        assertThat(fake.recentRequests()).anyMatch(r -> r.path().startsWith("/bfs/subtitle/"));

        assertThat(send("GET", "/api/videos/" + BVID + "/subtitles/xx-XX").statusCode()).isEqualTo(404);
        assertThat(send("GET", "/api/videos/" + BVID + "/subtitles/zh-Hans?format=ass").statusCode())
                .isEqualTo(400);
    }

    @Test
    void danmakuAsAnAssFile() throws Exception {
        HttpResponse<String> ass = send("GET", "/api/videos/" + BVID + "/danmaku.ass?width=1280&height=720");
        assertThat(ass.statusCode()).as(ass.body()).isEqualTo(200);
        assertThat(ass.body()).startsWith("[Script Info]\n").contains("Title: " + BVID + "\n", "PlayResX: 1280\n",
                "PlayResY: 720\n", "\nDialogue: 0,");
        assertThat(send("GET", "/api/videos/" + BVID + "/danmaku.ass?width=0").statusCode()).isEqualTo(400);
    }
}
