package io.github.bilibiliapi.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bilibiliapi.test.spring.AutoConfigureFakeBilibili;
import io.github.bilibiliapi.test.spring.FakeBilibili;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sample without its offline profile, tested the way an application tests itself: {@link AutoConfigureFakeBilibili}
 * and the starter's problem details (the sample has no error mapping of its own).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@AutoConfigureFakeBilibili(loggedIn = true)
class SampleProblemDetailsTest {

    private final HttpClient http = HttpClient.newHttpClient();

    @Value("${local.server.port}")
    int port;

    @Autowired
    FakeBilibili bilibili;

    private JsonNode get(String path, int status) throws Exception {
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(res.body()).isEqualTo(status);
        assertThat(res.body()).doesNotContain(bilibili.account().sessdata()).doesNotContain(bilibili.account().biliJct());
        return JsonMapper.builder().build().readTree(res.body());
    }

    @Test
    void answersAndFailuresAsProblemDetails() throws Exception {
        assertThat(get("/api/users/2", 200).path("name").asString()).isNotBlank();
        assertThat(get("/api/users/-5", 400).path("status").asInt()).isEqualTo(400);
        bilibili.missingUser(88);
        assertThat(get("/api/users/88", 404).path("biliCode").asInt()).isEqualTo(-404);
        bilibili.blockNext(FakeBilibili.VIDEO_VIEW);
        assertThat(get("/api/videos/BV17x411w7KC", 429).path("category").asString()).isEqualTo("request-blocked");
        bilibili.failWithCode(FakeBilibili.VIDEO_VIEW, -500, "服务器错误", 1);
        assertThat(get("/api/videos/BV17x411w7KC", 502).path("biliCode").asInt()).isEqualTo(-500);
    }
}
