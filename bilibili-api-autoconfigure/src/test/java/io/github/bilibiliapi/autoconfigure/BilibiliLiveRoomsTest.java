package io.github.bilibiliapi.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.github.bilibiliapi.live.danmaku.DanmakuEvent;
import io.github.bilibiliapi.live.danmaku.DanmakuFlux;
import io.github.bilibiliapi.live.danmaku.LiveRooms;
import io.github.bilibiliapi.test.FakeBilibiliServer;
import io.github.bilibiliapi.test.live.LiveModule;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Rooms opened through the starter close with the application context, at once and without reconnects. */
class BilibiliLiveRoomsTest {

    private static FakeBilibiliServer server;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BilibiliAutoConfiguration.class,
                    BilibiliLiveAutoConfiguration.class));

    @BeforeAll
    static void startFake() {
        server = FakeBilibiliServer.start();
    }

    @AfterAll
    static void stopFake() {
        server.close();
    }

    static Iterable<String> backends() {
        return TestBackends.all();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void roomsCloseWithTheContext(String backend) throws Exception {
        LiveModule live = server.module(LiveModule.class);
        List<DanmakuEvent> events = new CopyOnWriteArrayList<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        long[] closedIn = new long[1];
        runner.withPropertyValues("bilibili.request.backend=" + backend,
                "bilibili.request.host-redirect.base-url=" + server.httpBaseUrl()).run(context -> {
            LiveRooms rooms = context.getBean(LiveRooms.class);
            DanmakuFlux.room(rooms, LiveModule.DEFAULT_SHORT_ID).doOnNext(events::add).then().toFuture()
                    .whenComplete((v, e) -> done.complete(null));
            await().atMost(Duration.ofSeconds(20)).until(() -> rooms.openRooms() == 1
                    && events.stream().anyMatch(e -> e.type().equals(DanmakuEvent.VERIFICATION_SUCCESSFUL)));
            closedIn[0] = System.nanoTime();
        });
        done.get(20, TimeUnit.SECONDS);
        assertThat(Duration.ofNanos(System.nanoTime() - closedIn[0])).isLessThan(Duration.ofSeconds(5));
        assertThat(events).extracting(DanmakuEvent::type).doesNotContain(DanmakuEvent.RECONNECTING)
                .endsWith(DanmakuEvent.DISCONNECT);
        await().atMost(Duration.ofSeconds(20)).until(() -> live.openSessions() == 0);
    }
}
