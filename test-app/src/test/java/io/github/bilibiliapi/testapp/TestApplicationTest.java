package io.github.bilibiliapi.testapp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bilibiliapi.autoconfigure.BilibiliClientReport;
import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.test.spring.AutoConfigureFakeBilibili;
import io.github.bilibiliapi.test.spring.FakeBilibili;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The user's WebFlux app, tested offline with {@link AutoConfigureFakeBilibili}: the WebClient recipe gives the
 * WebClient backend, the reactive face answers, and every exception family comes back as a problem detail.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "bilibili.request.timeout=4")
@AutoConfigureFakeBilibili
class TestApplicationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @LocalServerPort
    int port;

    @Autowired
    FakeBilibili bilibili;

    @Autowired
    BiliApiClient client;

    @Autowired
    BilibiliClientReport report;

    private HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode problem(String path, int status) throws Exception {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(response.body()).doesNotContain(bilibili.account().sessdata()).doesNotContain("w_rid");
        return JSON.readTree(response.body());
    }

    @Test
    void theWebClientRecipeGivesTheWebClientBackendAndTheDurationIsSeconds() {
        assertThat(client.backendName()).isEqualTo("webclient");
        assertThat(client.settings().timeout()).isEqualTo(Duration.ofSeconds(4));
        assertThat(report.toMap()).containsEntry("backend", "webclient").containsEntry("timeout", "4s");
    }

    @Test
    void theReactiveFaceAnswersThroughTheFake() throws Exception {
        HttpResponse<String> response = get("/users/2");
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(response.body()).path("name").asString()).isEqualTo("碧诗");
        assertThat(bilibili.requestCount(FakeBilibili.USER_INFO)).isEqualTo(1);
    }

    @Test
    void invalidInputIs400() throws Exception {
        JsonNode p = problem("/users/0", 400);
        assertThat(p.path("detail").asString()).contains("mid must be positive");
        assertThat(bilibili.requestCount(FakeBilibili.USER_INFO)).isZero();
    }

    @Test
    void notFoundIs404() throws Exception {
        bilibili.missingUser(77);
        assertThat(problem("/users/77", 404).path("biliCode").asInt()).isEqualTo(-404);
    }

    @Test
    void riskControlIs429WithItsCategory() throws Exception {
        bilibili.riskControl(FakeBilibili.USER_INFO, 10);
        JsonNode p = problem("/users/2", 429);
        assertThat(p.path("category").asString()).isEqualTo("signature-rejected");
        assertThat(p.path("biliCode").asInt()).isEqualTo(-352);

        bilibili.blockNext(FakeBilibili.VIDEO_VIEW);
        assertThat(problem("/videos/BV17x411w7KC", 429).path("category").asString()).isEqualTo("request-blocked");
    }

    @Test
    void aTimeoutIs504() throws Exception {
        // 4 (no unit) is 4 s: a cold first call on a busy machine fits in it, this slow answer does not
        bilibili.slowNext(FakeBilibili.VIDEO_VIEW, Duration.ofSeconds(6));
        problem("/videos/BV17x411w7KC", 504);
    }

    @Test
    void anotherUpstreamErrorIs502() throws Exception {
        bilibili.failWithCode(FakeBilibili.VIDEO_VIEW, -500, "服务器错误", 1);
        assertThat(problem("/videos/BV17x411w7KC", 502).path("biliCode").asInt()).isEqualTo(-500);
    }

    @Test
    void notLoggedInIs401() throws Exception {
        // this context has no login: sending a danmaku is refused before any request
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + port + "/live/76/danmaku?text=hi"))
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                v -> assertThat(v).startsWith("application/problem+json"));
        assertThat(bilibili.requestCount("/msg/send")).isZero();
    }
}
