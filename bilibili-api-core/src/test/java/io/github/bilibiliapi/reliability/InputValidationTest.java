package io.github.bilibiliapi.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.api.Credential;
import io.github.bilibiliapi.api.RequestSettings;
import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiFile;
import io.github.bilibiliapi.client.BiliApiRequest;
import io.github.bilibiliapi.client.ClientSettings;
import io.github.bilibiliapi.dynamic.DynamicService;
import io.github.bilibiliapi.live.LiveService;
import io.github.bilibiliapi.live.danmaku.LiveDanmaku;
import io.github.bilibiliapi.test.FakeBilibiliServer;
import io.github.bilibiliapi.user.UserService;
import io.github.bilibiliapi.video.VideoService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Inputs from the user — mid, bvid, aid, room id, file path, URLs, proxy — are validated before any I/O: a clear
 * {@link IllegalArgumentException} naming what was wrong, and the fake sees no request and no connection.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class InputValidationTest {

    private FakeBilibiliServer server;

    static Stream<String> backends() {
        return Reliability.backends();
    }

    @BeforeAll
    void start() {
        server = FakeBilibiliServer.start();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void badInputFailsClearlyBeforeAnyIo(String backend) throws Exception {
        server.resetCounters();
        long connections = server.connectionsOpened();
        Path dir = Files.createTempDirectory("reliab-dir");
        try (BiliApiClient client = Reliability.newClient(backend, ClientSettings.DEFAULTS)) {
            BiliContext context = BiliContext.builder().client(client)
                    .credential(Credential.builder().sessdata("s").biliJct("j").build())
                    .settings(RequestSettings.builder().redirectTo(server.httpBaseUrl()).build()).build();
            UserService users = new UserService(context);
            VideoService videos = new VideoService(context);
            LiveService liveService = new LiveService(context);
            DynamicService dynamics = new DynamicService(context);

            assertThatThrownBy(() -> users.getUserInfo(-1)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("mid").hasMessageContaining("-1");
            assertThatThrownBy(() -> users.getUserInfo(0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("mid");
            for (String bvid : new String[] {"", "BV", "BV1xx411c7m", "BV1xx411c7mDD", "av170001", "BV1xx411c7m0",
                    "BV1xx411c7mD?x=1", "../../etc/passwd", "BV1xx411c7mＤ"}) {
                assertThatThrownBy(() -> videos.getVideoInfo(bvid)).as("bvid %s", bvid)
                        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bvid");
            }
            assertThatThrownBy(() -> videos.getVideoInfo((String) null)).isInstanceOf(RuntimeException.class);
            assertThatThrownBy(() -> videos.getVideoInfo(-5L)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> liveService.getRoomInit(0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> liveService.getRoomInit(-76)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> liveService.getDanmuInfo(-1)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> LiveDanmaku.builder(context, 0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> LiveDanmaku.builder(context, -14073662))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> dynamics.uploadImage(Path.of("/no/such/image.png")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/no/such/image.png");
            assertThatThrownBy(() -> dynamics.uploadImage(dir)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> client.request(BiliApiRequest.post(server.httpBaseUrl() + "/test/echo")
                    .file("f", BiliApiFile.of(Path.of("/no/such/file.bin"))).build()))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("/no/such/file.bin");
            // the client layer
            assertThatThrownBy(() -> client.request(BiliApiRequest.get(" ").build()))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> client.request(BiliApiRequest.get("ftp://127.0.0.1/x").build()))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> client.wsCreate("http://127.0.0.1:" + server.port() + "/sub", Map.of(), Map.of(),
                    Map.of())).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ws://");
            assertThatThrownBy(() -> client.wsCreate(server.wsBaseUrl() + "/sub", Map.of(), Map.of(),
                    Map.of("bad;name", "v"))).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> client.setProxy("http://127.0.0.1:notaport"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> client.setProxy("gopher://127.0.0.1:70"))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> client.wsSend(12345, new byte[1])).isInstanceOf(IllegalArgumentException.class);
        } finally {
            Files.deleteIfExists(dir);
        }
        assertThat(server.totalRequests()).as("requests the fake saw").isZero();
        assertThat(server.connectionsOpened()).as("connections the fake saw").isEqualTo(connections);
    }
}
