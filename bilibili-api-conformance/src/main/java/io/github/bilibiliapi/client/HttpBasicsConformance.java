package io.github.bilibiliapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bilibiliapi.client.support.UriEncoding;
import io.github.bilibiliapi.test.Fault;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Conformance of a {@link BiliApiClient} backend, one concern. HTTP basics: query encoding, methods, statuses,
 * headers and cookies, deadlines, failures, concurrency and connection reuse, bad input before I/O. Run it alone by
 * extending this class and supplying the hooks of {@link ConformanceKit}, or run every concern with {@link
 * BiliApiClientConformanceTest}.
 */
public abstract class HttpBasicsConformance extends ConformanceKit {

    @Test
    void getSendsParamsEncodedOnceHeadersAndCookies() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("mid", "2");
        params.put("keyword", TRICKY);
        params.put("empty", "");
        params.put("w_rid", "0123abcd");
        BiliApiResponse response = result(newClient().request(BiliApiRequest.get(http("/test/echo?pre=1"))
                .params(params).header("X-Test", "yes").header("Referer", "https://www.bilibili.com/")
                .cookie("SESSDATA", "abc%2C123").cookie("buvid3", "x-y").build()));

        assertThat(response.code()).isEqualTo(200);
        JsonNode echo = response.json();
        assertThat(text(echo, "method")).isEqualTo("GET");
        assertThat(text(echo, "rawQuery")).isEqualTo(hooks().expectedRawQuery("pre=1&" + UriEncoding.encodeQuery(params)));
        assertThat(echo.get("query").get("keyword").get(0).asString()).isEqualTo(TRICKY);
        assertThat(echo.get("query").get("empty").get(0).asString()).isEmpty();
        assertThat(echo.get("headers").get("x-test").get(0).asString()).isEqualTo("yes");
        assertThat(echo.get("headers").get("referer").get(0).asString()).isEqualTo("https://www.bilibili.com/");
        assertThat(echo.get("headers").get("cookie")).hasSize(1);
        assertThat(text(echo.get("cookies"), "SESSDATA")).isEqualTo("abc%2C123");
        assertThat(text(echo.get("cookies"), "buvid3")).isEqualTo("x-y");
        assertThat(response.url()).startsWith(http("/test/echo"));
    }

    @Test
    void rawQueryIsByteIdenticalToUriEncoding() {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("space", "a b");
        params.put("marks", "!'()*~");
        params.put("cjk", "弹幕");
        params.put("reserved", "&=+/?#%");
        BiliApiResponse response = result(newClient().request(BiliApiRequest.get(http("/test/echo"))
                .params(params).build()));
        assertThat(text(response.json(), "rawQuery")).isEqualTo(hooks().expectedRawQuery(UriEncoding.encodeQuery(params)));
        params.forEach((k, v) -> assertThat(response.json().get("query").get(k).get(0).asString()).isEqualTo(v));
    }

    @Test
    void everyMethodReachesTheServer() {
        BiliApiClient client = newClient();
        for (String method : List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS")) {
            JsonNode echo = result(client.request(BiliApiRequest.builder(method, http("/test/echo")).build())).json();
            assertThat(text(echo, "method")).isEqualTo(method);
        }
        BiliApiResponse head = result(client.request(BiliApiRequest.builder("HEAD", http("/test/json")).build()));
        assertThat(head.code()).isEqualTo(200);
        assertThat(head.raw()).isEmpty();
    }

    @Test
    void setCookieHeadersBecomeCookiesAndAllHeaderValuesAreKept() {
        BiliApiResponse response = result(newClient().request(BiliApiRequest.get(http("/test/set-cookie"))
                .param("a", "1").param("b", "2").build()));
        assertThat(response.cookies()).containsExactly(Map.entry("a", "1"), Map.entry("b", "2"));
        assertThat(response.headers().get("set-cookie")).hasSize(2);
        assertThat(response.headers().get("SET-COOKIE")).hasSize(2);
        assertThat(response.header("content-type")).isEqualTo(response.header("Content-Type")).isNotNull();
    }

    @Test
    void nonSuccessStatusesAreReturnedNotThrown() {
        BiliApiClient client = newClient();
        for (int code : new int[] {204, 404, 412, 500, 503}) {
            BiliApiResponse response = result(client.request(BiliApiRequest.get(http("/test/status/" + code))
                    .build()));
            assertThat(response.code()).isEqualTo(code);
            if (code != 204) {
                assertThat(response.utf8Text()).isEqualTo("status " + code + "\n");
            }
        }
    }

    @Test
    void timeoutBoundsTheWholeCall() {
        Duration timeout = Duration.ofSeconds(1);
        BiliApiClient client = newClient(ClientSettings.DEFAULTS.withTimeout(timeout), null);
        long start = System.nanoTime();
        CompletableFuture<BiliApiResponse> call = client.request(BiliApiRequest.get(http("/test/delay"))
                .param("ms", "8000").param("secret", "s3cr3t").build());
        assertThatThrownBy(() -> result(call))
                .isInstanceOf(BiliTimeoutException.class)
                .hasMessageContaining("/test/delay")
                .hasMessageNotContaining("s3cr3t");
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        // a correctness bound (the timeout fired, not the server's answer), not a performance target
        assertThat(elapsed).isLessThan(timeout.plusSeconds(1));
    }

    @Test
    void timeoutAlsoBoundsASlowBody() {
        Duration timeout = Duration.ofSeconds(1);
        BiliApiClient client = newClient(ClientSettings.DEFAULTS.withTimeout(timeout), null);
        // headers at once, then one byte every 400 ms: no single read waits long, the whole body takes 4 s
        server.script("/test/bytes", Fault.trickle(new byte[10], 1, Duration.ofMillis(400)));
        long start = System.nanoTime();
        CompletableFuture<BiliApiResponse> call = client.request(BiliApiRequest.get(http("/test/bytes")).build());
        assertThatThrownBy(() -> result(call)).isInstanceOf(BiliTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.plusSeconds(1));
    }

    @Test
    void brokenResponsesFailWithClientException() {
        BiliApiClient client = newClient();
        server.scriptAlways("/test/bytes", Fault.resetMidBody(100_000, 1_000));
        assertThatThrownBy(() -> result(client.request(BiliApiRequest.get(http("/test/bytes")).build())))
                .isInstanceOf(BiliClientException.class).hasMessageContaining("GET");
        server.clearScripts();
        server.scriptAlways("/test/json", Fault.closeWithoutResponse());
        assertThatThrownBy(() -> result(client.request(BiliApiRequest.get(http("/test/json")).build())))
                .isInstanceOf(BiliClientException.class).hasMessageContaining("/test/json");
        server.clearScripts();
        // and the client still works afterwards
        assertThat(result(client.request(BiliApiRequest.get(http("/test/json")).build())).code()).isEqualTo(200);
    }

    @Test
    void connectionRefusedFailsWithClientExceptionNamingMethodAndUrlWithoutQuery() throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String url = "http://127.0.0.1:" + port + "/nowhere";
        CompletableFuture<BiliApiResponse> call = newClient().request(BiliApiRequest.post(url)
                .param("access_key", "s3cr3t").build());
        assertThatThrownBy(() -> result(call))
                .isInstanceOf(BiliClientException.class)
                .isNotInstanceOf(BiliTimeoutException.class)
                .hasMessageContaining("POST")
                .hasMessageContaining(url)
                .hasMessageNotContaining("s3cr3t");
    }

    @Test
    void concurrentRequestsEachGetTheirOwnResponse() {
        BiliApiClient client = newClient();
        int n = 100;
        List<CompletableFuture<BiliApiResponse>> calls = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            calls.add(client.request(BiliApiRequest.get(http("/test/delay")).param("ms", "100")
                    .param("i", Integer.toString(i)).build()));
        }
        for (int i = 0; i < n; i++) {
            BiliApiResponse response = result(calls.get(i));
            assertThat(response.code()).isEqualTo(200);
            assertThat(response.url()).endsWith("&i=" + i);
        }
        assertThat(server.requestCount("/test/delay")).isEqualTo(n);
    }

    @Test
    void sequentialRequestsReuseOneConnection() {
        BiliApiClient client = newClient();
        int n = 1_000;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            assertThat(result(client.request(BiliApiRequest.get(http("/test/json")).build())).code()).isEqualTo(200);
        }
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        System.out.printf("[conformance %s] %d sequential requests: %d TCP connection(s), %d ms%n",
                client.backendName(), n, server.connectionsOpened(), millis);
        assertThat(server.requestCount("/test/json")).isEqualTo(n);
        assertThat(server.connectionsOpened()).isEqualTo(1);
    }

    @Test
    void badInputFailsBeforeAnyIo() throws IOException {
        BiliApiClient client = newClient();
        Path missing = tempDir.resolve("missing.bin");
        Path present = Files.writeString(tempDir.resolve("present.txt"), "x");

        assertThatThrownBy(() -> BiliApiRequest.get(null).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("URL");
        assertThatThrownBy(() -> BiliApiRequest.get("  ").build()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BiliApiRequest.get("ftp://host/x").build())
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> BiliApiRequest.builder("BREW", http("/test/echo")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BREW");
        assertThatThrownBy(() -> BiliApiRequest.post(http("/test/echo")).body("text")
                .file("f", BiliApiFile.of(present)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("String");
        assertThatThrownBy(() -> BiliApiRequest.post(http("/test/echo"))
                .file("f", new BiliApiFile(missing, "application/octet-stream")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("missing.bin");
        assertThatThrownBy(() -> client.setProxy("ftp://proxy:21")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.setProxy("http://")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.setProxy("http://user:hunter2@")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("hunter2");
        assertThat(client.settings().proxy()).isEmpty();
        assertThatThrownBy(() -> client.request(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> client.wsCreate(http("/test/ws/echo"), Map.of(), Map.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ws://");
        assertThatThrownBy(() -> client.wsCreate(" ", Map.of(), Map.of(), Map.of()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> client.wsCreate(server.wsBaseUrl() + "/test/ws/echo", Map.of(), Map.of(),
                Map.of("bad name", "v"))).isInstanceOf(IllegalArgumentException.class);

        assertThat(server.totalRequests()).isZero();
        assertThat(server.connectionsOpened()).isZero();
    }

    @Test
    void aPostIsNeverSentAgainWhenAReusedConnectionCloses() throws Exception {
        try (ReusedConnectionServer reuse = ReusedConnectionServer.start()) {
            BiliApiClient client = newClient();
            BiliApiRequest post = BiliApiRequest.post(reuse.url("/like")).formField("csrf", "tok").build();
            assertThat(result(client.request(post)).utf8Text()).isEqualTo("ok");
            // the second POST goes out on the pooled connection, which the server closes without answering
            assertThatThrownBy(() -> result(client.request(post))).isInstanceOf(BiliClientException.class)
                    .hasMessageContaining("POST").hasMessageContaining("/like");
            assertThat(reuse.methods()).containsExactly("POST", "POST");
            assertThat(reuse.connectionCount()).isEqualTo(1);
        }
    }

    @Test
    void aGetIsSentOnceMoreWhenAReusedConnectionClosesBeforeAnyResponse() throws Exception {
        try (ReusedConnectionServer reuse = ReusedConnectionServer.start()) {
            BiliApiClient client = newClient();
            BiliApiRequest get = BiliApiRequest.get(reuse.url("/nav")).build();
            assertThat(result(client.request(get)).utf8Text()).isEqualTo("ok");
            assertThat(result(client.request(get)).utf8Text()).isEqualTo("ok");
            // once on the dropped connection, once more on a new one
            assertThat(reuse.methods()).containsExactly("GET", "GET", "GET");
            assertThat(reuse.connectionCount()).isEqualTo(2);
        }
    }
}
