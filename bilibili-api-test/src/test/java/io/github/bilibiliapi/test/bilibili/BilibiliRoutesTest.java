package io.github.bilibiliapi.test.bilibili;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import io.github.bilibiliapi.test.FakeBilibiliServer;
import io.github.bilibiliapi.test.TestCertificate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bilibili routes over a real loopback server, driven by the JDK's HttpClient (no client-library code): signing,
 * rotation, activation, bili_ticket, CSRF, upload parts, login.
 */
class BilibiliRoutesTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String BUVID3 = "805E4894-96A2-0684-6F00-C6EA1FFB911023315infoc";

    private static FakeBilibiliServer server;
    private static FakeBilibiliState state;
    private static HttpClient http;
    private static String base;

    @BeforeAll
    static void start() {
        server = FakeBilibiliServer.builder().module(new BilibiliModule()).start();
        state = server.module(BilibiliModule.class).state();
        base = server.httpBaseUrl();
        http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    }

    @AfterAll
    static void stop() {
        http = null; // Java 17 HttpClient has no close(); its selector thread ends once the client is unreachable
        server.close();
    }

    @BeforeEach
    void reset() {
        state.setWbiKeys(FakeBilibiliState.FIXTURE_WBI_KEYS);
        state.deactivate(BUVID3);
        state.resetCounters();
        state.setRequireDmParams(true);
        server.clearScripts();
    }

    // ------------------------------------------------------------------ helpers

    private static HttpResponse<byte[]> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static JsonNode get(String pathAndQuery, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery)).GET();
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        HttpResponse<byte[]> r = send(b);
        assertThat(r.statusCode()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    private static String[] navKeys() throws Exception {
        JsonNode img = get("/x/web-interface/nav", null).get("data").get("wbi_img");
        return new String[] {TestSigner.keyOf(img.get("img_url").asString()), TestSigner.keyOf(img.get("sub_url").asString())};
    }

    private static String signedAccInfo(long mid, long wts) throws Exception {
        String[] keys = navKeys();
        Map<String, String> params = new LinkedHashMap<>();
        params.put("mid", Long.toString(mid));
        params.put("dm_img_list", "[]");
        params.put("dm_img_str", "V2");
        params.put("dm_cover_img_str", "QU");
        params.put("dm_img_inter", "{\"ds\":[],\"wh\":[0,0,0],\"of\":[0,0,0]}");
        params.put("web_location", "1550101");
        return "/x/space/wbi/acc/info?" + TestSigner.sign(params, wts, keys[0], keys[1]);
    }

    private static long now() {
        return System.currentTimeMillis() / 1000;
    }

    // ------------------------------------------------------------------ nav

    @Test
    void navLoggedOutIsMinus101WithKeysAndLoggedInIsTheAccount() throws Exception {
        JsonNode out = get("/x/web-interface/nav", null);
        assertThat(out.get("code").asInt()).isEqualTo(-101);
        assertThat(out.get("data").get("isLogin").asBoolean()).isFalse();
        assertThat(out.get("data").get("wbi_img").get("img_url").asString())
                .isEqualTo("https://i0.hdslb.com/bfs/wbi/653657f524a547ac981ded72ea172057.png");

        JsonNode bad = get("/x/web-interface/nav", "SESSDATA=not-an-account");
        assertThat(bad.get("code").asInt()).isEqualTo(-101);

        state.addAccount("sess-42", "jct-42", 42);
        JsonNode in = get("/x/web-interface/nav", "buvid3=x; SESSDATA=sess-42");
        assertThat(in.get("code").asInt()).isZero();
        assertThat(in.get("data").get("isLogin").asBoolean()).isTrue();
        assertThat(in.get("data").get("mid").asLong()).isEqualTo(42);
        assertThat(in.get("data").get("wbi_img").get("sub_url").asString()).isEqualTo(state.currentWbiKeys().subUrl());
        assertThat(state.navRequests()).isEqualTo(3);
    }

    // ------------------------------------------------------------------ WBI

    @Test
    void signedRequestPassesAndTamperedOrStaleOrReorderedGetMinus352() throws Exception {
        state.activate(BUVID3);
        String cookie = "buvid3=" + BUVID3;
        String good = signedAccInfo(2, now());
        JsonNode ok = get(good, cookie);
        assertThat(ok.get("code").asInt()).isZero();
        assertThat(ok.get("data").get("mid").asLong()).isEqualTo(2);
        assertThat(get(signedAccInfo(3546, now()), cookie).get("data").get("mid").asLong()).isEqualTo(3546);
        assertThat(state.signatureFailures()).isZero();

        JsonNode tampered = get(good.replace("mid=2&", "mid=3&"), cookie);
        assertThat(tampered.get("code").asInt()).isEqualTo(-352);
        assertThat(tampered.get("data").get("v_voucher").asString()).startsWith("voucher_");

        // same pairs in another order: w_rid is right for the pairs, but the bytes sent are not the bytes signed
        String query = good.substring(good.indexOf('?') + 1);
        List<String> pairs = new java.util.ArrayList<>(List.of(query.split("&")));
        java.util.Collections.swap(pairs, 0, 1);
        assertThat(get("/x/space/wbi/acc/info?" + String.join("&", pairs), cookie).get("code").asInt()).isEqualTo(-352);

        assertThat(get(signedAccInfo(2, now() - 3600), cookie).get("code").asInt()).isEqualTo(-352);
        assertThat(get("/x/space/wbi/acc/info?mid=2", cookie).get("code").asInt()).isEqualTo(-352);
        // '+' for a space decodes to the same value but is not what encodeURIComponent sends (and signs)
        String[] keys = navKeys();
        state.setRequireDmParams(false);
        String spaced = "/x/space/wbi/acc/info?"
                + TestSigner.sign(Map.of("mid", "2", "keyword", "a b!"), now(), keys[0], keys[1]);
        assertThat(spaced).contains("keyword=a%20b&");
        assertThat(get(spaced, cookie).get("code").asInt()).isZero();
        assertThat(get(spaced.replace("%20", "+"), cookie).get("code").asInt()).isEqualTo(-352);
        assertThat(state.signatureFailures()).isEqualTo(5);
        state.setRequireDmParams(true);
        HttpResponse<byte[]> noDm = send(HttpRequest.newBuilder(URI.create(base + spaced)).header("Cookie", cookie));
        assertThat(JSON.readTree(noDm.body()).get("code").asInt()).isEqualTo(-352);
        assertThat(noDm.headers().firstValue("X-Fake-Reason")).hasValue("dm_img_list parameter missing (dm_img_* are required here)");
    }

    @Test
    void rotationInvalidatesOldSignaturesAndNavPublishesNewKeys() throws Exception {
        state.activate(BUVID3);
        String cookie = "buvid3=" + BUVID3;
        String before = signedAccInfo(2, now());
        assertThat(get(before, cookie).get("code").asInt()).isZero();

        WbiKeys rotated = state.rotateWbiKeys();
        assertThat(rotated).isNotEqualTo(FakeBilibiliState.FIXTURE_WBI_KEYS);
        assertThat(get(before, cookie).get("code").asInt()).isEqualTo(-352);
        assertThat(navKeys()).containsExactly(rotated.imgKey(), rotated.subKey());
        assertThat(get(signedAccInfo(2, now()), cookie).get("code").asInt()).isZero();
        assertThat(state.signatureFailures()).isEqualTo(1);
    }

    @Test
    void unknownMidIsMinus404() throws Exception {
        state.activate(BUVID3);
        state.addMissingMid(777);
        assertThat(get(signedAccInfo(777, now()), "buvid3=" + BUVID3).get("code").asInt()).isEqualTo(-404);
        assertThat(get(signedAccInfo(2_000_000_000_000L, now()), "buvid3=" + BUVID3).get("code").asInt()).isEqualTo(-404);
    }

    // ------------------------------------------------------------------ spi + ExClimbWuzhi

    private static HttpResponse<byte[]> exClimb(String body, String cookie) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(base + "/x/internal/gaia-gateway/ExClimbWuzhi"))
                .header("Content-Type", "application/json").header("Cookie", cookie)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    @Test
    void activationFlowUnlocksAccInfo() throws Exception {
        JsonNode spi = get("/x/frontend/finger/spi", null);
        assertThat(spi.get("code").asInt()).isZero();
        String b3 = spi.get("data").get("b_3").asString();
        String b4 = spi.get("data").get("b_4").asString();
        assertThat(b3).matches("[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}[0-9]{5}infoc");
        assertThat(b4).matches("[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}[0-9]{5}-0[0-9]{8}-[A-Za-z0-9+/]{22}==");
        assertThat(get("/x/frontend/finger/spi", null).get("data").get("b_3").asString()).isNotEqualTo(b3);

        assertThat(get(signedAccInfo(2, now()), "buvid3=" + b3).get("code").asInt()).isEqualTo(-352);

        String uuid = "5A2B1E4C-9D10-3F7A-8B6C-1D2E3F4A5B6C12345infoc";
        String payload = "{\"3064\":1,\"df35\":\"" + uuid + "\"}";
        String body = JSON.writeValueAsString(Map.of("payload", payload));
        String fp = Murmur3Reference.buvidFp(body.getBytes(StandardCharsets.UTF_8));
        String cookies = "buvid3=" + b3 + "; buvid4=" + b4 + "; _uuid=" + uuid;

        JsonNode wrongFp = JSON.readTree(exClimb(body, cookies + "; buvid_fp=0123abcd").body());
        assertThat(wrongFp.get("code").asInt()).isEqualTo(130212);
        JsonNode noBuvid4 = JSON.readTree(exClimb(body, "buvid3=" + b3 + "; _uuid=" + uuid + "; buvid_fp=" + fp).body());
        assertThat(noBuvid4.get("code").asInt()).isEqualTo(130212);
        JsonNode notJson = JSON.readTree(exClimb("payload=1", cookies + "; buvid_fp="
                + Murmur3Reference.buvidFp("payload=1".getBytes(StandardCharsets.UTF_8))).body());
        assertThat(notJson.get("code").asInt()).isEqualTo(130212);
        assertThat(state.isActivated(b3)).isFalse();

        JsonNode ok = JSON.readTree(exClimb(body, cookies + "; buvid_fp=" + fp).body());
        assertThat(ok.get("code").asInt()).isZero();
        assertThat(state.isActivated(b3)).isTrue();
        assertThat(get(signedAccInfo(2, now()), "buvid3=" + b3).get("code").asInt()).isZero();
        assertThat(state.activationRequests()).isEqualTo(4);
        assertThat(state.activationFailures()).isEqualTo(3);
        assertThat(state.spiRequests()).isEqualTo(2);
    }

    // ------------------------------------------------------------------ bili_ticket

    private static JsonNode ticket(long ts, String hexsign, String csrf, String cookie) throws Exception {
        String url = base + "/bapis/bilibili.api.ticket.v1.Ticket/GenWebTicket?key_id=ec02&hexsign=" + hexsign
                + "&context%5Bts%5D=" + ts + "&csrf=" + csrf;
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody());
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return JSON.readTree(send(b).body());
    }

    @Test
    void genWebTicketChecksHexsignAndReportsTtlAndKeys() throws Exception {
        state.setTicketTtl(Duration.ofSeconds(5));
        long ts = now();
        JsonNode ok = ticket(ts, TestSigner.hexsign(ts), "", null);
        assertThat(ok.get("code").asInt()).isZero();
        JsonNode data = ok.get("data");
        assertThat(data.get("ttl").asLong()).isEqualTo(5);
        assertThat(data.get("created_at").asLong()).isBetween(ts - 5, ts + 5);
        assertThat(data.get("nav").get("img").asString()).isEqualTo(state.currentWbiKeys().imgUrl());
        String jwt = data.get("ticket").asString();
        String[] parts = jwt.split("\\.");
        assertThat(parts).hasSize(3);
        JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
        assertThat(header.get("alg").asString()).isEqualTo("HS256");
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        assertThat(claims.get("exp").asLong() - claims.get("iat").asLong()).isEqualTo(5);
        assertThat(state.isTicketValid(jwt)).isTrue();

        assertThat(ticket(ts, TestSigner.hexsign(ts + 1), "", null).get("code").asInt()).isEqualTo(-400);
        long millis = System.currentTimeMillis();
        assertThat(ticket(millis, TestSigner.hexsign(millis), "", null).get("code").asInt()).isEqualTo(-400);
        assertThat(ticket(ts, TestSigner.hexsign(ts), "wrong", "bili_jct=right").get("code").asInt()).isEqualTo(-111);
        assertThat(ticket(ts, TestSigner.hexsign(ts), "right", "bili_jct=right").get("code").asInt()).isZero();
        assertThat(state.ticketRequests()).isEqualTo(5);
        state.setClock(Clock.offset(Clock.systemUTC(), Duration.ofSeconds(6)));
        assertThat(state.isTicketValid(jwt)).isFalse();
        state.setClock(Clock.systemUTC());
        state.setTicketTtl(Duration.ofDays(3));
    }

    // ------------------------------------------------------------------ upload_bfs

    /** A 3×2 PNG header is all the fake reads for the size. */
    private static final byte[] PNG = pngHeader(3, 2);

    private static byte[] pngHeader(int w, int h) {
        byte[] b = new byte[33];
        byte[] sig = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
        System.arraycopy(sig, 0, b, 0, sig.length);
        b[19] = (byte) w;
        b[23] = (byte) h;
        return b;
    }

    private static JsonNode upload(String cookie, Map<String, String> fields, String fileMime, byte[] file) throws Exception {
        String boundary = "----fake" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (Map.Entry<String, String> f : fields.entrySet()) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + f.getKey() + "\"\r\n\r\n"
                    + f.getValue() + "\r\n").getBytes(StandardCharsets.UTF_8));
        }
        if (file != null) {
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file_up\"; filename=\"1.png\"\r\n"
                    + "Content-Type: " + fileMime + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            body.writeBytes(file);
            body.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        body.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/x/dynamic/feed/draw/upload_bfs"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return JSON.readTree(send(b).body());
    }

    private static Map<String, String> fields(String csrf) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("biz", "new_dyn");
        f.put("category", "daily");
        f.put("csrf", csrf);
        return f;
    }

    @Test
    void uploadChecksLoginCsrfAndParts() throws Exception {
        String jct = FakeBilibiliState.DEFAULT_BILI_JCT;
        String login = "SESSDATA=" + FakeBilibiliState.DEFAULT_SESSDATA + "; bili_jct=" + jct;

        JsonNode ok = upload(login, fields(jct), "image/png", PNG);
        assertThat(ok.get("code").asInt()).isZero();
        assertThat(ok.get("data").get("image_width").asInt()).isEqualTo(3);
        assertThat(ok.get("data").get("image_height").asInt()).isEqualTo(2);
        assertThat(ok.get("data").get("img_size").asDouble()).isEqualTo(Math.round(PNG.length / 1024.0 * 1000) / 1000.0);
        assertThat(ok.get("data").get("image_url").asString())
                .startsWith("http://i0.hdslb.com/bfs/new_dyn/").endsWith(FakeBilibiliState.DEFAULT_MID + ".png");

        assertThat(upload(null, fields(jct), "image/png", PNG).get("code").asInt()).isEqualTo(-101);
        assertThat(upload(login, fields("wrong"), "image/png", PNG).get("code").asInt()).isEqualTo(-111);
        assertThat(upload("SESSDATA=" + FakeBilibiliState.DEFAULT_SESSDATA, fields(jct), "image/png", PNG)
                .get("code").asInt()).isEqualTo(-111);
        assertThat(upload(login, fields(jct), "text/plain", PNG).get("code").asInt()).isEqualTo(-400);
        assertThat(upload(login, fields(jct), "image/png", new byte[0]).get("code").asInt()).isEqualTo(-400);
        assertThat(upload(login, fields(jct), "image/png", null).get("code").asInt()).isEqualTo(-400);
        Map<String, String> noBiz = fields(jct);
        noBiz.remove("biz");
        assertThat(upload(login, noBiz, "image/png", PNG).get("code").asInt()).isEqualTo(-400);
        assertThat(state.uploadRequests()).isEqualTo(8);
    }

    // ------------------------------------------------------------------ view, www

    @Test
    void viewKeepsAidAndBvidConsistent() throws Exception {
        JsonNode byAid = get("/x/web-interface/view?aid=170001", null);
        assertThat(byAid.get("code").asInt()).isZero();
        assertThat(byAid.get("data").get("bvid").asString()).isEqualTo("BV17x411w7KC");
        assertThat(byAid.get("data").get("stat").get("aid").asLong()).isEqualTo(170001);
        JsonNode byBvid = get("/x/web-interface/view?bvid=BV1L9Uoa9EUx", null);
        assertThat(byBvid.get("data").get("aid").asLong()).isEqualTo(111298867365120L);
        assertThat(get("/x/web-interface/view?aid=2&bvid=BV17x411w7KC", null).get("code").asInt()).isEqualTo(-400);
        assertThat(get("/x/web-interface/view?bvid=BV1xx411c7m0", null).get("code").asInt()).isEqualTo(-400);
        assertThat(get("/x/web-interface/view", null).get("code").asInt()).isEqualTo(-400);
        state.addMissingVideo(10);
        state.addInvisibleVideo(11);
        assertThat(get("/x/web-interface/view?aid=10", null).get("code").asInt()).isEqualTo(-404);
        assertThat(get("/x/web-interface/view?aid=11", null).get("code").asInt()).isEqualTo(62002);
    }

    @Test
    void wwwRootSetsBuvid3AndBNut() throws Exception {
        HttpResponse<byte[]> head = send(HttpRequest.newBuilder(URI.create(base + "/"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()));
        assertThat(head.statusCode()).isEqualTo(200);
        List<String> cookies = head.headers().allValues("set-cookie");
        assertThat(cookies).hasSize(2);
        assertThat(cookies.get(0)).matches("buvid3=[0-9A-F-]{36}[0-9]{5}infoc; path=/; expires=.* GMT; domain=\\.bilibili\\.com");
        assertThat(cookies.get(1)).matches("b_nut=[0-9]{10}; path=/; expires=.*");
        assertThat(head.body()).isEmpty();
    }

    @Test
    void scriptedErrorsUseTheRealFixturesThenTheRouteAnswersAgain() throws Exception {
        server.script("/x/web-interface/nav", BilibiliErrors.fault(-799));
        server.script("/x/web-interface/nav", BilibiliErrors.fault(-412));
        JsonNode tooFrequent = get("/x/web-interface/nav", null);
        assertThat(tooFrequent.get("code").asInt()).isEqualTo(-799);
        HttpResponse<byte[]> blocked = send(HttpRequest.newBuilder(URI.create(base + "/x/web-interface/nav")).GET());
        assertThat(blocked.statusCode()).isEqualTo(412);
        assertThat(JSON.readTree(blocked.body()).get("code").asInt()).isEqualTo(-412);
        assertThat(get("/x/web-interface/nav", null).get("code").asInt()).isEqualTo(-101);
    }

    @Test
    void wrongMethodIsMinus405AndFailuresExplainThemselves() throws Exception {
        HttpResponse<byte[]> post = send(HttpRequest.newBuilder(URI.create(base + "/x/web-interface/nav"))
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(JSON.readTree(post.body()).get("code").asInt()).isEqualTo(-405);
        HttpResponse<byte[]> unsigned = send(HttpRequest.newBuilder(URI.create(base + "/x/space/wbi/acc/info?mid=2")).GET());
        assertThat(unsigned.headers().firstValue("X-Fake-Reason")).hasValue("w_rid is missing");
    }

    @Test
    void defaultServerServesTheBilibiliRoutes() throws Exception {
        try (FakeBilibiliServer defaults = FakeBilibiliServer.start()) {
            FakeBilibiliState own = defaults.module(BilibiliModule.class).state();
            assertThat(own).isNotSameAs(state);
            HttpResponse<byte[]> nav = send(HttpRequest.newBuilder(URI.create(defaults.httpBaseUrl() + "/x/web-interface/nav")));
            assertThat(JSON.readTree(nav.body()).get("data").get("wbi_img").get("img_url").asString())
                    .isEqualTo(own.currentWbiKeys().imgUrl());
            assertThat(own.navRequests()).isEqualTo(1);
        }
    }

    @Test
    void signedRequestPassesOverHttpsToo() throws Exception {
        state.activate(BUVID3);
        HttpClient https = HttpClient.newBuilder().sslContext(TestCertificate.trustingSslContext())
                .connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<byte[]> r = https.send(HttpRequest.newBuilder(URI.create(server.httpsBaseUrl() + signedAccInfo(2, now())))
                .header("Cookie", "buvid3=" + BUVID3).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(JSON.readTree(r.body()).get("code").asInt()).isZero();
    }

    @Test
    void concatenatedMinus509BodyIsSentVerbatim() throws Exception {
        server.script("/x/web-interface/view", BilibiliErrors.fault(-509));
        HttpResponse<byte[]> r = send(HttpRequest.newBuilder(URI.create(base + "/x/web-interface/view?aid=2")));
        assertThat(r.body()).isEqualTo(BilibiliErrors.body(-509));
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).startsWith("{").contains("}{");
    }
}
