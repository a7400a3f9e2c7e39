package io.github.bilibiliapi.sample;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bilibiliapi.login.CredentialRefresher;
import io.github.bilibiliapi.login.CredentialStore;
import io.github.bilibiliapi.login.RefreshResult;
import io.github.bilibiliapi.test.bilibili.FakeBilibiliState;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The login endpoints of the sample over HTTP in offline mode, without a browser: QR code, the fake phone, the user,
 * a cookie refresh with the fake's key (set by the offline profile), logout.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("offline")
class SampleLoginOfflineTest {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final JsonMapper json = JsonMapper.builder().build();

    @Value("${local.server.port}")
    int port;

    @Autowired
    CredentialStore store;

    @Autowired
    CredentialRefresher refresher;

    private JsonNode call(String method, String path) throws Exception {
        HttpResponse<String> res = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(method + " " + path + ": " + res.body()).isEqualTo(200);
        return json.readTree(res.body());
    }

    @Test
    void qrLoginWithTheFakePhoneThenRefreshAndLogout() throws Exception {
        // the offline profile starts logged in with the fake's test account: log out first
        store.clear();
        assertThat(call("GET", "/api/login/me").path("isLogin").asBoolean()).isFalse();
        JsonNode qr = call("POST", "/api/login/qr");
        byte[] png = Base64.getDecoder().decode(qr.path("png").asString());
        assertThat(png).startsWith(0x89, 'P', 'N', 'G');
        assertThat(qr.toString()).doesNotContain("qrcode_key");
        String id = qr.path("id").asString();
        assertThat(call("GET", "/api/login/qr/" + id).path("state").asString()).isEqualTo("NOT_SCANNED");
        call("POST", "/offline/phone/scan");
        assertThat(call("GET", "/api/login/qr/" + id).path("state").asString()).isEqualTo("SCANNED");
        call("POST", "/offline/phone/confirm");
        JsonNode done = call("GET", "/api/login/qr/" + id);
        assertThat(done.path("state").asString()).isEqualTo("CONFIRMED");
        assertThat(done.path("isLogin").asBoolean()).isTrue();
        assertThat(done.path("mid").asLong()).isEqualTo(FakeBilibiliState.DEFAULT_MID);
        assertThat(done.path("name").asString()).isNotBlank();
        assertThat(done.path("face").asString()).startsWith("https://");

        RefreshResult refreshed = refresher.refresh().join();
        assertThat(refreshed.confirmed()).isTrue();
        assertThat(store.credential()).isEqualTo(refreshed.credential());
        assertThat(call("GET", "/api/login/me").path("isLogin").asBoolean()).isTrue();

        assertThat(call("POST", "/api/login/logout").path("ended").asBoolean()).isTrue();
        assertThat(store.load()).isEmpty();
        assertThat(call("GET", "/api/login/me").path("isLogin").asBoolean()).isFalse();
    }
}
