package io.github.bilibiliapi.test;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class HttpTestModuleTest {

    static FakeBilibiliServer server;
    static HttpClient client;

    @BeforeAll
    static void start() {
        server = FakeBilibiliServer.start();
        client = Clients.plain();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void reset() {
        server.clearScripts();
        server.resetCounters();
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return client.send(b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String pathAndQuery) {
        return URI.create(server.httpBaseUrl() + pathAndQuery);
    }

    @Test
    void echoReportsRawAndDecodedQueryHeadersAndCookies() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/test/echo?a=1&b=x%20y&a=2&plus=1+2&e="))
                .header("X-Custom", "v1").header("Cookie", "SESSDATA=abc%2C123; buvid3=u-1"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        JsonNode j = Clients.json(r.body());
        assertThat(j.get("method").asString()).isEqualTo("GET");
        assertThat(j.get("path").asString()).isEqualTo("/test/echo");
        assertThat(j.get("rawQuery").asString()).isEqualTo("a=1&b=x%20y&a=2&plus=1+2&e=");
        assertThat(j.at("/query/a/0").asString()).isEqualTo("1");
        assertThat(j.at("/query/a/1").asString()).isEqualTo("2");
        assertThat(j.at("/query/b/0").asString()).isEqualTo("x y");
        assertThat(j.at("/query/plus/0").asString()).isEqualTo("1 2");
        assertThat(j.at("/query/e/0").asString()).isEmpty();
        assertThat(j.at("/headers/x-custom/0").asString()).isEqualTo("v1");
        assertThat(j.at("/cookies/SESSDATA").asString()).isEqualTo("abc%2C123");
        assertThat(j.at("/cookies/buvid3").asString()).isEqualTo("u-1");
        assertThat(j.get("bodyLength").asLong()).isZero();
        assertThat(j.get("bodySha256").asString()).isEqualTo(sha256(new byte[0]));
    }

    @Test
    void echoDecodesUrlencodedForm() throws Exception {
        String body = "csrf=abc&msg=%E4%BD%A0%E5%A5%BD&x=1&x=2";
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/test/echo"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        JsonNode j = Clients.json(r.body());
        assertThat(j.get("method").asString()).isEqualTo("POST");
        assertThat(j.get("bodyText").asString()).isEqualTo(body);
        assertThat(j.get("bodyLength").asLong()).isEqualTo(body.length());
        assertThat(j.at("/form/msg/0").asString()).isEqualTo("你好");
        assertThat(j.at("/form/x/1").asString()).isEqualTo("2");
        assertThat(j.get("contentType").asString()).isEqualTo("application/x-www-form-urlencoded");
        assertThat(server.lastRequest("/test/echo").bodySize()).isEqualTo(body.length());
    }

    @Test
    void echoParsesMultipartIncludingAFiveMegabyteFile() throws Exception {
        byte[] file = new byte[5 * 1024 * 1024 + 17];
        new Random(42).nextBytes(file);
        String boundary = "----fakeBoundary7MA4YWxkTrZu0gW";
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\ntoken-1\r\n")
                .getBytes(StandardCharsets.UTF_8));
        out.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"cover.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.write(file);
        out.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        byte[] body = out.toByteArray();
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/test/echo"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode j = Clients.json(r.body());
        assertThat(j.get("bodyLength").asLong()).isEqualTo(body.length);
        assertThat(j.get("bodySha256").asString()).isEqualTo(sha256(body));
        assertThat(j.has("bodyText")).isFalse();
        JsonNode parts = j.get("parts");
        assertThat(parts).hasSize(2);
        assertThat(parts.get(0).get("name").asString()).isEqualTo("csrf");
        assertThat(parts.get(0).get("value").asString()).isEqualTo("token-1");
        assertThat(parts.get(1).get("name").asString()).isEqualTo("file");
        assertThat(parts.get(1).get("filename").asString()).isEqualTo("cover.png");
        assertThat(parts.get(1).get("contentType").asString()).isEqualTo("image/png");
        assertThat(parts.get(1).get("size").asLong()).isEqualTo(file.length);
        assertThat(parts.get(1).get("sha256").asString()).isEqualTo(sha256(file));
        assertThat(parts.get(1).get("inMemory").asBoolean()).as("disk-backed storage").isFalse();
    }

    @Test
    void statusAnswersTheRequestedCode() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/test/status/503")));
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).isEqualTo("status 503\n");
        assertThat(send(HttpRequest.newBuilder(uri("/test/status/abc"))).statusCode()).isEqualTo(400);
        assertThat(send(HttpRequest.newBuilder(uri("/test/status/204"))).statusCode()).isEqualTo(204);
    }

    @Test
    void redirectSetsLocationRelativeOrAbsolute() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/test/redirect?to=/test/echo%3Fa%3D1&status=307")));
        assertThat(r.statusCode()).isEqualTo(307);
        assertThat(r.headers().firstValue("location")).hasValue("/test/echo?a=1");
        r = send(HttpRequest.newBuilder(uri("/test/redirect?to=/test/echo&absolute=true")));
        assertThat(r.statusCode()).isEqualTo(302);
        assertThat(r.headers().firstValue("location")).hasValue(server.httpBaseUrl() + "/test/echo");
        assertThat(send(HttpRequest.newBuilder(uri("/test/redirect"))).statusCode()).isEqualTo(400);
        assertThat(send(HttpRequest.newBuilder(uri("/test/redirect?to=/x&status=200"))).statusCode()).isEqualTo(400);
    }

    @Test
    void setCookieSendsOneHeaderPerParameter() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/test/set-cookie?a=1&b=2")));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().allValues("set-cookie"))
                .containsExactly("a=1; Path=/; HttpOnly", "b=2; Path=/; HttpOnly");
    }

    @Test
    void delayAnswersAfterTheRequestedTime() throws Exception {
        long t0 = System.nanoTime();
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/test/delay?ms=300")));
        long tookMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Clients.json(r.body()).get("delayedMs").asLong()).isEqualTo(300);
        assertThat(tookMs).isGreaterThanOrEqualTo(300);
        assertThat(send(HttpRequest.newBuilder(uri("/test/delay?ms=-1"))).statusCode()).isEqualTo(400);
    }

    @Test
    void bytesSendsTheRequestedCountInPattern() throws Exception {
        HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(uri("/test/bytes?n=200000")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.body()).hasSize(200_000);
        assertThat(r.headers().firstValue("content-length")).hasValue("200000");
        for (int i = 0; i < r.body().length; i += 997) {
            assertThat(r.body()[i]).isEqualTo((byte) i);
        }
    }

    @Test
    void jsonIsFixed() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/test/json")));
        assertThat(r.body()).isEqualTo(HttpTestModule.JSON_BODY);
        assertThat(Clients.json(r.body()).at("/data/uname").asString()).isEqualTo("fake");
    }

    @Test
    void headAnswersHeadersOnlyAndKeepsTheConnectionUsable() throws Exception {
        HttpClient fresh = Clients.plain();
        HttpResponse<String> r = fresh.send(HttpRequest.newBuilder(uri("/test/json"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(fresh.send(HttpRequest.newBuilder(uri("/test/json")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).isEqualTo(HttpTestModule.JSON_BODY);
        assertThat(server.connectionsOpened()).as("the GET reused the HEAD's connection").isEqualTo(1);
    }

    @Test
    void longHeadersAndQueriesAreAccepted() throws Exception {
        String cookie = "SESSDATA=" + "x".repeat(20_000);
        String query = "w_rid=" + "a".repeat(10_000);
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/test/echo?" + query)).header("Cookie", cookie));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(Clients.json(r.body()).at("/cookies/SESSDATA").asString()).hasSize(20_000);
    }

    @Test
    void unknownPathIs404AndWrongMethodIs405() throws Exception {
        assertThat(send(HttpRequest.newBuilder(uri("/nope"))).statusCode()).isEqualTo(404);
        assertThat(send(HttpRequest.newBuilder(uri("/test/json")).DELETE()).statusCode()).isEqualTo(405);
        assertThat(server.requestCount("/nope")).isEqualTo(1);
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
