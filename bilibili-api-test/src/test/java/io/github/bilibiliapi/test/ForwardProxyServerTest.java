package io.github.bilibiliapi.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class ForwardProxyServerTest {

    static FakeBilibiliServer server;
    static ForwardProxyServer proxy;

    @BeforeAll
    static void start() {
        server = FakeBilibiliServer.start();
        proxy = ForwardProxyServer.start();
    }

    @AfterAll
    static void stop() {
        proxy.close();
        server.close();
    }

    @BeforeEach
    void reset() {
        proxy.allowAnonymous();
        proxy.resetCounters();
        server.resetCounters();
    }

    private HttpClient viaProxy() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .proxy(ProxySelector.of(new InetSocketAddress(proxy.host(), proxy.port()))).build();
    }

    @Test
    void forwardsPlainHttpCopyingStatusHeadersAndBody() throws Exception {
        assertThat(proxy.proxyUrl()).isEqualTo("http://127.0.0.1:" + proxy.port());
        String target = server.httpBaseUrl() + "/test/echo?q=1%202";
        HttpResponse<String> r = viaProxy().send(HttpRequest.newBuilder(URI.create(target))
                .header("X-Test", "yes").POST(HttpRequest.BodyPublishers.ofString("payload")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode j = Clients.json(r.body());
        assertThat(j.get("rawQuery").asString()).isEqualTo("q=1%202");
        assertThat(j.get("bodyText").asString()).isEqualTo("payload");
        assertThat(j.at("/headers/x-test/0").asString()).isEqualTo("yes");
        assertThat(proxy.forwardedCount()).isEqualTo(1);
        assertThat(proxy.forwardedTargets()).containsExactly(target);
        assertThat(server.requestCount("/test/echo")).isEqualTo(1);

        r = viaProxy().send(HttpRequest.newBuilder(URI.create(server.httpBaseUrl() + "/test/set-cookie?a=1&b=2"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.headers().allValues("set-cookie")).hasSize(2);
        r = viaProxy().send(HttpRequest.newBuilder(URI.create(server.httpBaseUrl() + "/test/status/418")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(418);
        assertThat(proxy.forwardedCount()).isEqualTo(3);
    }

    @Test
    void demandsCredentialsWith407UntilTheRightOnesArrive() throws Exception {
        proxy.requireCredentials("alice", "s3cret");
        String target = server.httpBaseUrl() + "/test/json";
        try (Socket s = new Socket(proxy.host(), proxy.port())) {
            s.setSoTimeout(5000);
            var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            var out = s.getOutputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: x\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            List<String> head = readHead(in);
            assertThat(head.get(0)).startsWith("HTTP/1.1 407");
            assertThat(head).contains("proxy-authenticate: Basic realm=\"test\"");
            skipBody(in, head);
            String wrong = Base64.getEncoder().encodeToString("alice:nope".getBytes(StandardCharsets.UTF_8));
            out.write(("GET " + target + " HTTP/1.1\r\nHost: x\r\nProxy-Authorization: Basic " + wrong + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            head = readHead(in);
            assertThat(head.get(0)).startsWith("HTTP/1.1 407");
            skipBody(in, head);
            String right = Base64.getEncoder().encodeToString("alice:s3cret".getBytes(StandardCharsets.UTF_8));
            out.write(("GET " + target + " HTTP/1.1\r\nHost: x\r\nProxy-Authorization: Basic " + right + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            head = readHead(in);
            assertThat(head.get(0)).startsWith("HTTP/1.1 200");
        }
        assertThat(proxy.rejectedCount()).isEqualTo(2);
        assertThat(proxy.forwardedCount()).isEqualTo(1);
        assertThat(server.lastRequest("/test/json").header("proxy-authorization")).as("not forwarded").isNull();
    }

    @Test
    void jdkClientAuthenticatesAfterA407() throws Exception {
        proxy.requireCredentials("bob", "pw");
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .proxy(ProxySelector.of(new InetSocketAddress(proxy.host(), proxy.port())))
                .authenticator(new Authenticator() {
                    @Override
                    protected PasswordAuthentication getPasswordAuthentication() {
                        return new PasswordAuthentication("bob", "pw".toCharArray());
                    }
                }).build();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(server.httpBaseUrl() + "/test/json"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(proxy.rejectedCount()).isEqualTo(1);
        assertThat(proxy.forwardedCount()).isEqualTo(1);
    }

    @Test
    void tunnelsHttpsAndWssWithConnect() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .sslContext(TestCertificate.trustingSslContext())
                .proxy(ProxySelector.of(new InetSocketAddress(proxy.host(), proxy.port()))).build();
        HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(server.httpsBaseUrl() + "/test/json"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).isEqualTo(HttpTestModule.JSON_BODY);
        assertThat(proxy.tunnelCount()).isEqualTo(1);
        assertThat(proxy.tunnelTargets()).containsExactly("127.0.0.1:" + server.httpsPort());
        assertThat(server.lastRequest("/test/json").secure()).isTrue();
        HttpResponse<byte[]> big = client.send(HttpRequest.newBuilder(
                URI.create(server.httpsBaseUrl() + "/test/bytes?n=20000000")).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(big.body()).hasSize(20_000_000);
        assertThat(big.body()[19_999_999]).isEqualTo((byte) 19_999_999);

        // a fresh client, so the WebSocket cannot ride the pooled tunnel of the first exchange
        HttpClient wsClient = HttpClient.newBuilder().sslContext(TestCertificate.trustingSslContext())
                .proxy(ProxySelector.of(new InetSocketAddress(proxy.host(), proxy.port()))).build();
        ServerCoreTest.Recorder rec = new ServerCoreTest.Recorder();
        WebSocket ws = wsClient.newWebSocketBuilder().buildAsync(URI.create(server.wssBaseUrl() + "/test/ws/echo"), rec)
                .get(10, TimeUnit.SECONDS);
        ws.sendText("through the tunnel", true).get(5, TimeUnit.SECONDS);
        assertThat(rec.next()).isEqualTo("text:through the tunnel");
        ws.sendClose(1000, "done").get(5, TimeUnit.SECONDS);
        assertThat(proxy.tunnelCount()).isEqualTo(2);
    }

    @Test
    void relaysAPlainWebSocketUpgradeSentInAbsoluteForm() throws Exception {
        String target = server.httpBaseUrl() + "/test/ws/echo";
        try (Socket s = new Socket(proxy.host(), proxy.port())) {
            s.setSoTimeout(5000);
            var out = s.getOutputStream();
            var in = s.getInputStream();
            out.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + server.port() + "\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nProxy-Connection: keep-alive\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            StringBuilder head = new StringBuilder();
            while (!head.toString().endsWith("\r\n\r\n")) {
                head.append((char) in.read());
            }
            assertThat(head.toString()).startsWith("HTTP/1.1 101")
                    .containsIgnoringCase("sec-websocket-accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
            byte[] mask = {1, 2, 3, 4};
            byte[] payload = "hi".getBytes(StandardCharsets.UTF_8);
            byte[] frame = {(byte) 0x81, (byte) (0x80 | payload.length), 1, 2, 3, 4,
                (byte) (payload[0] ^ mask[0]), (byte) (payload[1] ^ mask[1])};
            out.write(frame);
            byte[] echoed = in.readNBytes(4);
            assertThat(echoed).containsExactly((byte) 0x81, (byte) 2, (byte) 'h', (byte) 'i');
        }
        assertThat(proxy.forwardedTargets()).containsExactly(target);
        assertThat(server.lastRequest("/test/ws/echo").uri()).isEqualTo("/test/ws/echo");
    }

    @Test
    void unreachableTargetIs502AndOriginFormIs400() throws Exception {
        int deadPort;
        try (var ss = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            deadPort = ss.getLocalPort();
        }
        HttpResponse<String> r = viaProxy().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + deadPort + "/x")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(502);
        HttpResponse<String> direct = Clients.plain().send(HttpRequest.newBuilder(URI.create(proxy.proxyUrl() + "/x"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(direct.statusCode()).isEqualTo(400);
        assertThatThrownBy(() -> proxy.requireCredentials("a:b", "c")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void closeLeavesNoThreadOfTheProxyAlive() throws Exception {
        ForwardProxyServer p = ForwardProxyServer.start();
        String prefix = p.threadNamePrefix() + "-";
        HttpClient client = HttpClient.newBuilder()
                .proxy(ProxySelector.of(new InetSocketAddress(p.host(), p.port()))).build();
        client.send(HttpRequest.newBuilder(URI.create(server.httpBaseUrl() + "/test/json")).build(),
                HttpResponse.BodyHandlers.discarding());
        assertThat(ServerCoreTest.threadsNamed(prefix)).isNotEmpty();
        p.close();
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(ServerCoreTest.threadsNamed(prefix)).isEmpty());
    }

    private static List<String> readHead(BufferedReader in) throws Exception {
        List<String> lines = new ArrayList<>();
        for (String line; (line = in.readLine()) != null && !line.isEmpty();) {
            lines.add(lines.isEmpty() ? line : line.toLowerCase(java.util.Locale.ROOT).startsWith("proxy-authenticate")
                    ? "proxy-authenticate:" + line.substring(line.indexOf(':') + 1) : line.toLowerCase());
        }
        return lines;
    }

    private static void skipBody(BufferedReader in, List<String> head) throws Exception {
        int length = head.stream().filter(l -> l.startsWith("content-length:"))
                .mapToInt(l -> Integer.parseInt(l.substring(15).trim())).findFirst().orElse(0);
        in.skip(length);
    }
}
