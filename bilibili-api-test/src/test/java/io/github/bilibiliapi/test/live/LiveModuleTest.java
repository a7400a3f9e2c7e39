package io.github.bilibiliapi.test.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.Decoder;
import com.aayushatharva.brotli4j.decoder.DecoderJNI;
import com.aayushatharva.brotli4j.decoder.DirectDecompress;
import io.github.bilibiliapi.test.FakeBilibiliServer;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.Inflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The fake's live routes seen by a plain JDK client (no code from the library under test). */
class LiveModuleTest {

    private static final String UA = "LiveModuleTest/1.0";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private FakeBilibiliServer server;
    private LiveModule live;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        server = FakeBilibiliServer.builder().module(new LiveModule(null)).start();
        live = server.module(LiveModule.class);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private JsonNode get(String pathAndQuery) throws Exception {
        HttpRequest req = HttpRequest.newBuilder(URI.create(server.httpBaseUrl() + pathAndQuery))
                .header("User-Agent", UA).header("Cookie", "buvid3=B3").build();
        return JSON.readTree(http.send(req, HttpResponse.BodyHandlers.ofByteArray()).body());
    }

    private String token(long room) throws Exception {
        JsonNode info = get(LiveModule.DANMU_INFO + "?id=" + room + "&type=0&web_location=444.8&w_rid=x&wts=1");
        assertThat(info.path("code").asInt()).isZero();
        return info.path("data").path("token").asString();
    }

    /** Collects whole binary frames and the close. */
    static final class Client implements WebSocket.Listener {
        final LinkedBlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

        @Override
        public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
            byte[] b = new byte[data.remaining()];
            data.get(b);
            partial.writeBytes(b);
            if (last) {
                frames.add(partial.toByteArray());
                partial.reset();
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            closed.complete(code);
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            closed.completeExceptionally(error);
        }

        byte[] next() throws InterruptedException {
            byte[] f = frames.poll(10, TimeUnit.SECONDS);
            assertThat(f).as("a frame within 10 s").isNotNull();
            return f;
        }
    }

    private WebSocket open(Client c, String ua) {
        return http.newWebSocketBuilder().header("User-Agent", ua)
                .buildAsync(URI.create(server.wsBaseUrl() + LiveModule.SUB), c).join();
    }

    private static byte[] auth(String token, long room) {
        String json = "{\"uid\":0,\"roomid\":" + room + ",\"protover\":3,\"platform\":\"web\",\"type\":2,"
                + "\"buvid\":\"B3\",\"key\":\"" + token + "\"}";
        return LivePackets.packet(1, LivePackets.OP_AUTH, 1, json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void roomInitResolvesShortIdsAndRefusesUnknownRooms() throws Exception {
        JsonNode ok = get(LiveModule.ROOM_INIT + "?id=76");
        assertThat(ok.path("code").asInt()).isZero();
        assertThat(ok.path("data").path("room_id").asLong()).isEqualTo(LiveModule.DEFAULT_ROOM_ID);
        assertThat(ok.path("data").path("short_id").asLong()).isEqualTo(76);
        assertThat(get(LiveModule.ROOM_INIT + "?id=999").path("code").asInt()).isEqualTo(60004);
    }

    @Test
    void getDanmuInfoNeedsSignatureWebLocationAndTheRealIdAndNamesBilibiliHostsWithTheFakePorts() throws Exception {
        assertThat(get(LiveModule.DANMU_INFO + "?id=14073662&type=0&web_location=444.8").path("code").asInt())
                .isEqualTo(-352);
        assertThat(get(LiveModule.DANMU_INFO + "?id=14073662&type=0&w_rid=x&wts=1").path("code").asInt())
                .isEqualTo(-352);
        assertThat(live.lastAuthFailure()).contains("web_location");
        assertThat(get(LiveModule.DANMU_INFO + "?id=76&type=0&web_location=444.8&w_rid=x&wts=1").path("code").asInt())
                .isEqualTo(1002002);
        JsonNode info = get(LiveModule.DANMU_INFO + "?id=14073662&type=0&web_location=444.8&w_rid=x&wts=1");
        assertThat(info.path("data").path("token").asString()).hasSizeGreaterThan(100);
        JsonNode host = info.path("data").path("host_list").get(0);
        assertThat(host.path("host").asString()).endsWith(".chat.bilibili.com");
        assertThat(host.path("wss_port").asInt()).isEqualTo(server.httpsPort());
        assertThat(host.path("ws_port").asInt()).isEqualTo(server.port());
    }

    @Test
    void withTheRealStateGetDanmuInfoChecksWbiAndBuvidActivation() throws Exception {
        try (FakeBilibiliServer full = FakeBilibiliServer.start()) {
            HttpRequest req = HttpRequest.newBuilder(URI.create(full.httpBaseUrl() + LiveModule.DANMU_INFO
                    + "?id=14073662&type=0&web_location=444.8&w_rid=00000000000000000000000000000000&wts=1"))
                    .header("Cookie", "buvid3=not-activated").build();
            JsonNode answer = JSON.readTree(http.send(req, HttpResponse.BodyHandlers.ofByteArray()).body());
            assertThat(answer.path("code").asInt()).isEqualTo(-352);
            assertThat(full.module(LiveModule.class).lastAuthFailure()).startsWith("getDanmuInfo refused");
        }
    }

    @Test
    void subAuthenticatesRepliesToHeartbeatsWithBilibilisTrailerAndPushesEveryCompression() throws Exception {
        String token = token(LiveModule.DEFAULT_ROOM_ID);
        Client c = new Client();
        WebSocket ws = open(c, UA);
        ws.sendBinary(ByteBuffer.wrap(auth(token, LiveModule.DEFAULT_ROOM_ID)), true).join();
        List<LivePackets.Packet> reply = LivePackets.decode(c.next());
        assertThat(reply).singleElement().satisfies(p -> {
            assertThat(p.op()).isEqualTo(LivePackets.OP_AUTH_REPLY);
            assertThat(p.text()).isEqualTo("{\"code\":0}");
        });
        assertThat(live.lastAuth().path("roomid").asLong()).isEqualTo(LiveModule.DEFAULT_ROOM_ID);

        live.setPopularity(0x01020304L);
        ws.sendBinary(ByteBuffer.wrap(LivePackets.packet(1, LivePackets.OP_HEARTBEAT, 1,
                "[object Object]".getBytes(StandardCharsets.US_ASCII))), true).join();
        byte[] hb = c.next();
        assertThat(ByteBuffer.wrap(hb).getInt()).isEqualTo(20); // declared length: header + popularity
        assertThat(hb).hasSize(20 + LivePackets.OBJECT_OBJECT.length);
        assertThat(ByteBuffer.wrap(hb, 16, 4).getInt()).isEqualTo(0x01020304);
        assertThat(live.heartbeats()).isEqualTo(1);

        List<String> fixtures = live.fixtureMessages();
        assertThat(live.broadcastMessages(LiveModule.Compression.NONE, fixtures)).isEqualTo(1);
        assertThat(LivePackets.decode(c.next()).stream().map(LivePackets.Packet::text).toList()).isEqualTo(fixtures);

        live.broadcastMessages(LiveModule.Compression.ZLIB, fixtures);
        LivePackets.Packet z = LivePackets.decode(c.next()).get(0);
        assertThat(z.protover()).isEqualTo(2);
        assertThat(LivePackets.decode(inflate(z.body())).stream().map(LivePackets.Packet::text).toList())
                .isEqualTo(fixtures);

        live.broadcastMessages(LiveModule.Compression.BROTLI, fixtures);
        LivePackets.Packet br = LivePackets.decode(c.next()).get(0);
        assertThat(br.protover()).isEqualTo(3);
        assertThat(LivePackets.decode(unbrotli(br.body())).stream().map(LivePackets.Packet::text).toList())
                .isEqualTo(fixtures);
        ws.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
    }

    @Test
    void closesASessionThatDoesNotAuthenticateInTime() throws Exception {
        live.setAuthTimeout(Duration.ofMillis(300));
        Client c = new Client();
        open(c, UA);
        assertThat(c.closed.get(10, TimeUnit.SECONDS)).isNotNull();
        assertThat(live.lastAuthFailure()).isEqualTo("no auth packet within 300 ms");
        await().atMost(Duration.ofSeconds(10)).until(() -> live.openSessions() == 0);
    }

    @Test
    void rejectsAnUnknownTokenAndATokenFromAnotherUserAgentThenCloses() throws Exception {
        Client c = new Client();
        WebSocket ws = open(c, UA);
        ws.sendBinary(ByteBuffer.wrap(auth("nope", LiveModule.DEFAULT_ROOM_ID)), true).join();
        assertThat(LivePackets.decode(c.next()).get(0).text()).isEqualTo("{\"code\":-101}");
        c.closed.get(10, TimeUnit.SECONDS);
        assertThat(live.lastAuthFailure()).isEqualTo("unknown token");

        String token = token(LiveModule.DEFAULT_ROOM_ID);
        Client other = new Client();
        open(other, "AnotherAgent/9").sendBinary(ByteBuffer.wrap(auth(token, LiveModule.DEFAULT_ROOM_ID)), true).join();
        assertThat(LivePackets.decode(other.next()).get(0).text()).isEqualTo("{\"code\":-101}");
        assertThat(live.lastAuthFailure()).contains("User-Agent");
        assertThat(live.authFailures()).isEqualTo(2);
        assertThat(live.lastAuthFailure()).doesNotContain(token);
    }

    @Test
    void storedBrotliIsAValidStreamForGooglesDecoderToo() throws Exception {
        byte[] data = "x".repeat(150_000).getBytes(StandardCharsets.US_ASCII);
        assertThat(unbrotli(LivePackets.brotliStored(data))).isEqualTo(data);
        assertThat(unbrotli(LivePackets.brotliStored(new byte[0]))).isEmpty();
    }

    private static byte[] inflate(byte[] z) throws Exception {
        Inflater inf = new Inflater();
        try {
            inf.setInput(z);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            while (!inf.finished()) {
                out.write(buf, 0, inf.inflate(buf));
            }
            return out.toByteArray();
        } finally {
            inf.end();
        }
    }

    private static byte[] unbrotli(byte[] b) throws Exception {
        Brotli4jLoader.ensureAvailability();
        DirectDecompress d = Decoder.decompress(b);
        assertThat(d.getResultStatus()).isEqualTo(DecoderJNI.Status.DONE);
        return d.getDecompressedData();
    }
}
