package io.github.bilibiliapi.test.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bilibiliapi.test.FakeBilibiliServer;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The fake's Open Platform seen by a plain JDK client that signs with this test's own code: the fake's HMAC against
 * the fixture's worked example, and each documented refusal of the signature check and the game rules.
 */
class OpenLiveRoutesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private FakeBilibiliServer server;
    private OpenLiveRoutes open;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        server = FakeBilibiliServer.builder().module(new LiveModule(null)).start();
        open = server.module(LiveModule.class).openLive();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void theFakesHmacMatchesTheWorkedExample() throws Exception {
        try (InputStream in = OpenLiveRoutesTest.class.getResourceAsStream("/live/open_live.json")) {
            JsonNode v = JSON.readTree(in.readAllBytes()).path("signature").path("derived_test_vector");
            assertThat(OpenLiveRoutes.hmacSha256Hex(v.path("secret").asString(), v.path("string_to_sign").asString()))
                    .isEqualTo(v.path("hmac_sha256_hex").asString());
        }
    }

    /** Headers signed by this test, editable before sending. */
    private static Map<String, String> signed(String body, String secret, String nonce, long ts) throws Exception {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("x-bili-accesskeyid", OpenLiveRoutes.ACCESS_KEY_ID);
        h.put("x-bili-content-md5", HexFormat.of().formatHex(MessageDigest.getInstance("MD5")
                .digest(body.getBytes(StandardCharsets.UTF_8))));
        h.put("x-bili-signature-method", "HMAC-SHA256");
        h.put("x-bili-signature-nonce", nonce);
        h.put("x-bili-signature-version", "1.0");
        h.put("x-bili-timestamp", Long.toString(ts));
        StringBuilder text = new StringBuilder();
        h.forEach((k, val) -> text.append(text.length() > 0 ? "\n" : "").append(k).append(':').append(val));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        h.put("Authorization", HexFormat.of().formatHex(mac.doFinal(text.toString().getBytes(StandardCharsets.UTF_8))));
        h.put("Content-Type", "application/json");
        h.put("Accept", "application/json");
        return h;
    }

    private static Map<String, String> signed(String body) throws Exception {
        return signed(body, OpenLiveRoutes.ACCESS_KEY_SECRET, UUID.randomUUID().toString(),
                System.currentTimeMillis() / 1000);
    }

    private JsonNode post(String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.httpBaseUrl() + path))
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        HttpResponse<byte[]> res = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(res.statusCode()).as("HTTP status, business errors included").isEqualTo(200);
        JsonNode root = JSON.readTree(res.body());
        assertThat(root.path("request_id").asString()).isNotEmpty();
        return root;
    }

    private static String startBody(String code) {
        return "{\"code\":\"" + code + "\",\"app_id\":" + OpenLiveRoutes.APP_ID + "}";
    }

    @Test
    void theSignatureCheckAnswersTheDocumentedCodes() throws Exception {
        String body = startBody(OpenLiveRoutes.IDENTITY_CODE);
        long now = System.currentTimeMillis() / 1000;

        Map<String, String> wrongSecret = signed(body, "another-secret", UUID.randomUUID().toString(), now);
        assertThat(post(OpenLiveRoutes.START, body, wrongSecret).path("code").asInt()).isEqualTo(4002);

        Map<String, String> stale = signed(body, OpenLiveRoutes.ACCESS_KEY_SECRET, "n-stale", now - 601);
        assertThat(post(OpenLiveRoutes.START, body, stale).path("code").asInt()).isEqualTo(4003);

        Map<String, String> otherBody = signed("{}");
        assertThat(post(OpenLiveRoutes.START, body, otherBody).path("code").asInt()).isEqualTo(4012);

        Map<String, String> form = signed(body);
        form.put("Content-Type", "application/x-www-form-urlencoded");
        assertThat(post(OpenLiveRoutes.START, body, form).path("code").asInt()).isEqualTo(4011);

        Map<String, String> html = signed(body);
        html.put("Accept", "text/html");
        assertThat(post(OpenLiveRoutes.START, body, html).path("code").asInt()).isEqualTo(4013);

        Map<String, String> unknownKey = signed(body);
        unknownKey.put("x-bili-accesskeyid", "nobody");
        assertThat(post(OpenLiveRoutes.START, body, unknownKey).path("code").asInt()).isEqualTo(4001);

        Map<String, String> once = signed(body);
        JsonNode started = post(OpenLiveRoutes.START, body, once);
        assertThat(started.path("code").asInt()).isZero();
        assertThat(post(OpenLiveRoutes.START, body, once).path("code").asInt()).as("replayed nonce").isEqualTo(4004);
        assertThat(open.starts()).isEqualTo(1);
    }

    @Test
    void gameRules() throws Exception {
        assertThat(post(OpenLiveRoutes.START, startBody("NOPE"), signed(startBody("NOPE"))).path("code").asInt())
                .isEqualTo(7007);
        String body = startBody(OpenLiveRoutes.IDENTITY_CODE);
        JsonNode started = post(OpenLiveRoutes.START, body, signed(body));
        JsonNode d = started.path("data");
        String game = d.path("game_info").path("game_id").asString();
        assertThat(d.path("anchor_info").path("room_id").asLong()).isEqualTo(LiveModule.DEFAULT_ROOM_ID);
        JsonNode auth = JSON.readTree(d.path("websocket_info").path("auth_body").asString());
        assertThat(auth.path("group").asString()).isEqualTo("open");
        assertThat(d.path("websocket_info").path("wss_link")).hasSize(3);
        assertThat(post(OpenLiveRoutes.START, body, signed(body)).path("code").asInt()).isEqualTo(7002);

        String many = "{\"game_ids\":[" + "\"g\",".repeat(200) + "\"g\"]}";
        assertThat(post(OpenLiveRoutes.BATCH_HEARTBEAT, many, signed(many)).path("code").asInt()).isEqualTo(7004);
        String dup = "{\"game_ids\":[\"" + game + "\",\"" + game + "\"]}";
        assertThat(post(OpenLiveRoutes.BATCH_HEARTBEAT, dup, signed(dup)).path("code").asInt()).isEqualTo(7005);

        String beat = "{\"game_id\":\"" + game + "\"}";
        assertThat(post(OpenLiveRoutes.HEARTBEAT, beat, signed(beat)).path("code").asInt()).isZero();
        open.setHeartbeatTimeout(Duration.ofMillis(1)); // any gap is now too long
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> open.runningGames().isEmpty());
        assertThat(post(OpenLiveRoutes.HEARTBEAT, beat, signed(beat)).path("code").asInt()).isEqualTo(7003);
        String end = "{\"app_id\":" + OpenLiveRoutes.APP_ID + ",\"game_id\":\"" + game + "\"}";
        assertThat(post(OpenLiveRoutes.END, end, signed(end)).path("code").asInt()).isEqualTo(7000);
    }
}
