package io.github.bilibiliapi.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.dynamic.DynamicService;
import io.github.bilibiliapi.dynamic.UploadedImage;
import io.github.bilibiliapi.live.DanmuHost;
import io.github.bilibiliapi.live.DanmuInfo;
import io.github.bilibiliapi.live.LiveService;
import io.github.bilibiliapi.live.RoomInit;
import io.github.bilibiliapi.test.bilibili.FakeBilibiliState;
import io.github.bilibiliapi.test.live.LiveModule;
import io.github.bilibiliapi.user.UserInfo;
import io.github.bilibiliapi.user.UserService;
import io.github.bilibiliapi.video.AvBv;
import io.github.bilibiliapi.video.VideoInfo;
import io.github.bilibiliapi.video.VideoService;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every endpoint service against the fake bilibili, on every backend. */
class EndpointsFakeTest {

    static Stream<Named<Supplier<BiliApiClient>>> backends() {
        return Backends.all();
    }

    static Path png(int width, int height) throws IOException {
        Path file = Files.createTempFile("upload", ".png");
        ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "png", file.toFile());
        return file;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void userInfo(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            UserService users = new UserService(env.context());
            UserInfo info = users.getUserInfo(2).join();
            assertThat(info.mid()).isEqualTo(2);
            assertThat(info.name()).isEqualTo("碧诗");
            assertThat(info.level()).isEqualTo(6);
            assertThat(info.raw().path("official").path("title").asString()).contains("bilibili");
            String query = env.server.lastRequest("/x/space/wbi/acc/info").rawQuery();
            assertThat(query).contains("mid=2", "dm_img_list=%5B%5D", "dm_img_inter=", "web_location=1550101",
                    "wts=", "&w_rid=");
            assertThatThrownBy(() -> users.getUserInfo(0)).isInstanceOf(IllegalArgumentException.class);
            env.state.addMissingMid(77);
            assertThat(users.getUserInfo(77)).failsWithin(java.time.Duration.ofSeconds(30))
                    .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                    .havingCause().isInstanceOfSatisfying(ResponseCodeException.class,
                            e -> assertThat(e.code()).isEqualTo(-404));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void videoInfoByBvidAndAid(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            VideoService videos = new VideoService(env.context());
            VideoInfo byBvid = videos.getVideoInfo("BV17x411w7KC").join();
            assertThat(byBvid.aid()).isEqualTo(170001);
            assertThat(byBvid.bvid()).isEqualTo("BV17x411w7KC");
            assertThat(byBvid.title()).isNotBlank();
            VideoInfo byAid = videos.getVideoInfo(170001).join();
            assertThat(byAid.bvid()).isEqualTo("BV17x411w7KC");
            assertThat(byAid.ownerMid()).isEqualTo(byBvid.ownerMid()).isPositive();
            assertThat(AvBv.toBvid(byAid.aid())).isEqualTo(byAid.bvid());

            assertThatThrownBy(() -> videos.getVideoInfo("BV1xx")).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> videos.getVideoInfo(-1)).isInstanceOf(IllegalArgumentException.class);
            assertThat(env.server.requestCount("/x/web-interface/view")).isEqualTo(2);

            env.state.addInvisibleVideo(2);
            assertThatThrownBy(() -> videos.getVideoInfo(2).join()).isInstanceOf(CompletionException.class)
                    .cause().isInstanceOfSatisfying(ResponseCodeException.class,
                            e -> assertThat(e.code()).isEqualTo(62002));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void imageUpload(Supplier<BiliApiClient> backend) throws IOException {
        try (FakeEnv env = new FakeEnv(backend)) {
            Path image = png(73, 71);
            try {
                BiliContext ctx = env.contextBuilder(s -> { }).credential(FakeEnv.ACCOUNT).build();
                UploadedImage uploaded = new DynamicService(ctx).uploadImage(image).join();
                assertThat(uploaded.width()).isEqualTo(73);
                assertThat(uploaded.height()).isEqualTo(71);
                assertThat(uploaded.url()).startsWith("http://i0.hdslb.com/bfs/new_dyn/")
                        .endsWith(FakeBilibiliState.DEFAULT_MID + ".png");
                assertThat(uploaded.size()).isPositive();
                assertThat(env.state.uploadRequests()).isEqualTo(1);
            } finally {
                Files.deleteIfExists(image);
            }
            assertThatThrownBy(() -> new DynamicService(env.context()).uploadImage(Path.of("/no/such.png")))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void liveRoomInitAndDanmuInfo(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            LiveService live = new LiveService(env.context());
            RoomInit room = live.getRoomInit(LiveModule.DEFAULT_SHORT_ID).join();
            assertThat(room.roomId()).isEqualTo(LiveModule.DEFAULT_ROOM_ID);
            assertThat(room.shortId()).isEqualTo(LiveModule.DEFAULT_SHORT_ID);
            assertThat(room.uid()).isPositive();
            assertThat(room.raw().path("room_id").asLong()).isEqualTo(LiveModule.DEFAULT_ROOM_ID);

            DanmuInfo info = live.getDanmuInfo(room.roomId()).join();
            assertThat(info.token()).isNotBlank();
            assertThat(info.hosts()).isNotEmpty().allSatisfy(h -> {
                assertThat(h.port()).isPositive();
                assertThat(h.wsPort()).isPositive();
                assertThat(h.wssPort()).isPositive();
            });
            assertThat(info.hosts()).extracting(DanmuHost::host).containsAnyElementsOf(LiveModule.HOSTS);
            String query = env.server.lastRequest(LiveModule.DANMU_INFO).rawQuery();
            assertThat(query).contains("id=" + LiveModule.DEFAULT_ROOM_ID, "type=0", "web_location=444.8", "&w_rid=")
                    .doesNotContain("1550101");

            assertThatThrownBy(() -> live.getRoomInit(0)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> live.getDanmuInfo(-5)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> live.getRoomInit(987654321).join()).isInstanceOf(CompletionException.class)
                    .cause().isInstanceOfSatisfying(ResponseCodeException.class,
                            e -> assertThat(e.code()).isEqualTo(60004));
        }
    }
}
