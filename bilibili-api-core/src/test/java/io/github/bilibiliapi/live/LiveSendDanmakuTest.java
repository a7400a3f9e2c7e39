package io.github.bilibiliapi.live;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.api.Credential;
import io.github.bilibiliapi.api.CredentialException;
import io.github.bilibiliapi.api.RequestSettings;
import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiClientProvider;
import io.github.bilibiliapi.client.ClientSettings;
import io.github.bilibiliapi.test.FakeBilibiliServer;
import io.github.bilibiliapi.test.bilibili.FakeBilibiliState;
import io.github.bilibiliapi.test.live.LiveModule;
import io.github.bilibiliapi.test.live.SentDanmaku;
import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sending live danmaku on every backend against the fake's {@code POST /msg/send}, which checks login, csrf, the
 * form fields, the account's length limit, the minimum interval per room (10031) and mutes the way the site does.
 */
class LiveSendDanmakuTest {

    private static final Credential ACCOUNT = Credential.builder().sessdata(FakeBilibiliState.DEFAULT_SESSDATA)
            .biliJct(FakeBilibiliState.DEFAULT_BILI_JCT).dedeuserid(Long.toString(FakeBilibiliState.DEFAULT_MID))
            .build();
    private static final long MID = FakeBilibiliState.DEFAULT_MID;

    private FakeBilibiliServer server;
    private BiliApiClient client;

    static Stream<String> backends() {
        return Stream.of("okhttp", "webclient", "jdk");
    }

    private LiveService service(String backend, Credential credential, Duration interval) {
        server = FakeBilibiliServer.start();
        BiliApiClientProvider provider = ServiceLoader.load(BiliApiClientProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.name().equals(backend)).findFirst().orElseThrow();
        client = provider.factory().create(ClientSettings.DEFAULTS, null);
        BiliContext context = BiliContext.builder().client(client).credential(credential)
                .settings(RequestSettings.builder().redirectTo(server.httpBaseUrl()).build()).build();
        return new LiveService(context, interval);
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
    }

    private LiveModule live() {
        return server.module(LiveModule.class);
    }

    private static Throwable failure(CompletableFuture<?> f) {
        try {
            f.get(20, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void longTextIsSplitInOrderAndPacedBelowTheRateLimit(String backend) throws Exception {
        LiveService svc = service(backend, ACCOUNT, Duration.ofMillis(200));
        live().setSendMinInterval(Duration.ofMillis(150));
        String text = "一二三四五六七八九十ABCDEFGHIJ" + "0123456789" + "xyz"; // 33 characters
        CompletableFuture<List<io.github.bilibiliapi.live.SentDanmaku>> first = svc.sendDanmaku(
                LiveModule.DEFAULT_SHORT_ID, text, SendDanmakuOptions.defaults().withColor(0xFF0000));
        // a second sender on the same room waits its turn instead of running into 10031
        CompletableFuture<List<io.github.bilibiliapi.live.SentDanmaku>> second = svc.sendDanmaku(
                LiveModule.DEFAULT_SHORT_ID, "second");
        List<io.github.bilibiliapi.live.SentDanmaku> parts = first.get(20, TimeUnit.SECONDS);
        assertThat(second.get(20, TimeUnit.SECONDS)).extracting(io.github.bilibiliapi.live.SentDanmaku::text)
                .containsExactly("second");

        assertThat(parts).extracting(io.github.bilibiliapi.live.SentDanmaku::text)
                .containsExactly("一二三四五六七八九十ABCDEFGHIJ", "0123456789xyz");
        assertThat(parts).allSatisfy(p -> {
            assertThat(p.roomId()).isEqualTo(LiveModule.DEFAULT_ROOM_ID);
            assertThat(p.id()).isNotEmpty();
        });
        List<SentDanmaku> seen = live().sentDanmaku();
        assertThat(seen).extracting(SentDanmaku::msg)
                .containsExactly("一二三四五六七八九十ABCDEFGHIJ", "0123456789xyz", "second");
        SentDanmaku one = seen.get(0);
        assertThat(one.roomId()).isEqualTo(LiveModule.DEFAULT_ROOM_ID);
        assertThat(one.mid()).isEqualTo(MID);
        assertThat(one.form()).containsEntry("color", Integer.toString(0xFF0000)).containsEntry("mode", "1")
                .containsEntry("fontsize", "25").containsEntry("statistics", "{\"appId\":100,\"platform\":5}")
                .containsKey("rnd");
        assertThat(Long.parseLong(one.form().get("rnd"))).isCloseTo(System.currentTimeMillis() / 1000,
                org.assertj.core.data.Offset.offset(60L));
        for (int i = 1; i < seen.size(); i++) {
            assertThat(seen.get(i).nanoTime() - seen.get(i - 1).nanoTime())
                    .isGreaterThanOrEqualTo(Duration.ofMillis(150).toNanos());
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void refusalsAreTypedAndStopTheRestOfTheText(String backend) {
        LiveService svc = service(backend, ACCOUNT, Duration.ZERO);
        live().setSendMinInterval(Duration.ofSeconds(30));
        svc.sendDanmaku(LiveModule.DEFAULT_ROOM_ID, "first").join();
        // without pacing, the next message is too fast for the room
        assertThat(failure(svc.sendDanmaku(LiveModule.DEFAULT_ROOM_ID, "again")))
                .isInstanceOf(DanmakuRateLimitedException.class)
                .satisfies(e -> assertThat(((DanmakuSendException) e).code()).isEqualTo(10031));

        live().setSendMinInterval(Duration.ZERO);
        // a limit above the account's: bilibili answers 1003212, and the second part is not sent
        int before = live().sentDanmaku().size();
        assertThat(failure(svc.sendDanmaku(LiveModule.DEFAULT_ROOM_ID, "x".repeat(50),
                SendDanmakuOptions.defaults().withMaxLength(30)))).isInstanceOf(DanmakuTooLongException.class);
        assertThat(live().sentDanmaku()).hasSize(before);

        live().setMuted(MID, true);
        assertThat(failure(svc.sendDanmaku(LiveModule.DEFAULT_ROOM_ID, "hello")))
                .isInstanceOf(DanmakuMutedException.class).hasMessageContaining("禁言");
        assertThat(live().sentDanmaku()).hasSize(before);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aBiliJctOfAnotherSessionIsACsrfError(String backend) {
        LiveService svc = service(backend, ACCOUNT.toBuilder().biliJct("ffffffffffffffffffffffffffffffff").build(),
                Duration.ZERO);
        assertThat(failure(svc.sendDanmaku(LiveModule.DEFAULT_ROOM_ID, "hi")))
                .isInstanceOf(DanmakuCsrfException.class);
        assertThat(live().sentDanmaku()).isEmpty();
    }

    @Test
    void badInputFailsBeforeAnyIo() {
        // thrown synchronously: no request was started (the client has no server behind it)
        client = ServiceLoader.load(BiliApiClientProvider.class).stream().map(ServiceLoader.Provider::get)
                .filter(p -> p.name().equals("jdk")).findFirst().orElseThrow()
                .factory().create(ClientSettings.DEFAULTS, null);
        LiveService anonymous = new LiveService(BiliContext.builder().client(client).build());
        assertThatThrownBy(() -> anonymous.sendDanmaku(1, "hi")).isInstanceOf(CredentialException.class)
                .hasMessageContaining("SESSDATA");
        LiveService svc = new LiveService(BiliContext.builder().client(client).credential(ACCOUNT).build());
        assertThatThrownBy(() -> svc.sendDanmaku(0, "hi")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("roomId");
        assertThatThrownBy(() -> svc.sendDanmaku(1, "  ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("text");
        assertThatThrownBy(() -> SendDanmakuOptions.defaults().withMode(2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mode");
        assertThatThrownBy(() -> new LiveService(BiliContext.builder().client(client).build(),
                Duration.ofSeconds(-1))).hasMessageContaining("sendInterval");
    }

    @Test
    void splittingKeepsSurrogatePairsWhole() {
        assertThat(LiveService.split("ab😀cd😀e", 3)).containsExactly("ab😀", "cd😀", "e");
        assertThat(LiveService.split("abc", 3)).containsExactly("abc");
    }
}
