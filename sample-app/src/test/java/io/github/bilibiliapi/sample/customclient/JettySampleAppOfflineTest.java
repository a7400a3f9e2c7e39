package io.github.bilibiliapi.sample.customclient;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bilibiliapi.client.BiliApiClient;
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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole sample on the Jetty backend (profiles {@code custom-client} and {@code offline}): the Api layer's WBI
 * signing and buvid activation, a multipart upload with csrf, and live danmaku over a WebSocket all go through
 * {@link JettyBiliApiClient} to the in-process fake bilibili.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "sample.offline.danmaku-interval-ms=100")
@ActiveProfiles({"custom-client", "offline"})
class JettySampleAppOfflineTest {

    private static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    @Value("${local.server.port}")
    int port;

    @Autowired
    BiliApiClient client;

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theStarterUsesTheJettyBean() {
        assertThat(client).isInstanceOf(JettyBiliApiClient.class);
        assertThat(client.backendName()).isEqualTo("jetty");
    }

    @Test
    void signedUserInfoThroughJetty() throws Exception {
        HttpResponse<String> res = get("/api/users/2");
        assertThat(res.statusCode()).as(res.body()).isEqualTo(200);
        assertThat(json.readTree(res.body()).path("mid").asLong()).isEqualTo(2);

        HttpResponse<String> metric = get("/actuator/metrics/bilibili.client.requests?tag=backend:jetty");
        assertThat(metric.statusCode()).as(metric.body()).isEqualTo(200);
    }

    @Test
    void multipartUploadThroughJetty() throws Exception {
        String boundary = "jetty-boundary-7";
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
    }

    @Test
    void liveDanmakuOverAJettyWebSocket() throws Exception {
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
}
