package io.github.bilibiliapi.live.danmaku;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.api.Credential;
import io.github.bilibiliapi.api.RequestSettings;
import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiClientProvider;
import io.github.bilibiliapi.client.ClientSettings;
import io.github.bilibiliapi.test.FakeBilibiliServer;
import io.github.bilibiliapi.test.bilibili.FakeBilibiliState;
import io.github.bilibiliapi.test.live.LiveModule;
import io.github.bilibiliapi.test.live.LiveModule.Compression;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * Logged-in danmaku connections on every backend: with a credential, {@code getDanmuInfo} carries the login cookies
 * (the fake ties the token to the account) and the auth packet carries that account's uid, the buvid and the token;
 * anonymous connections get {@code LOG_IN_NOTICE} after the fake's scripted delay and see masked names from then on,
 * logged-in ones do not.
 */
class LiveDanmakuLoginTest {

    static final List<String> BACKENDS = List.of("okhttp", "webclient", "jdk");
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Credential ACCOUNT = Credential.builder().sessdata(FakeBilibiliState.DEFAULT_SESSDATA)
            .biliJct(FakeBilibiliState.DEFAULT_BILI_JCT).dedeuserid(Long.toString(FakeBilibiliState.DEFAULT_MID))
            .build();

    private FakeBilibiliServer server;
    private final List<BiliApiClient> clients = new ArrayList<>();
    private final List<LiveDanmaku> rooms = new ArrayList<>();

    static Stream<String> backends() {
        return BACKENDS.stream();
    }

    static BiliApiClient newClient(String backend) {
        BiliApiClientProvider provider = ServiceLoader.load(BiliApiClientProvider.class).stream()
                .map(ServiceLoader.Provider::get).filter(p -> p.name().equals(backend)).findFirst().orElseThrow();
        return provider.factory().create(ClientSettings.DEFAULTS, null);
    }

    private LiveDanmaku room(String backend, Credential credential, List<DanmakuEvent> events) {
        BiliApiClient client = newClient(backend);
        clients.add(client);
        BiliContext context = BiliContext.builder().client(client).credential(credential)
                .settings(RequestSettings.builder().redirectTo(server.httpBaseUrl()).build()).build();
        LiveDanmaku d = LiveDanmaku.builder(context, LiveModule.DEFAULT_SHORT_ID).build();
        d.onAny(events::add);
        rooms.add(d);
        return d;
    }

    @AfterEach
    void stop() {
        rooms.forEach(r -> r.disconnect().join());
        clients.forEach(BiliApiClient::close);
        if (server != null) {
            server.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void anonymousIsNoticedAndMaskedWhileLoggedInIsNot(String backend) throws Exception {
        server = FakeBilibiliServer.start();
        LiveModule live = server.module(LiveModule.class);
        live.setLoginNoticeAfter(Duration.ofMillis(100));
        Logger logger = (Logger) LoggerFactory.getLogger(LiveDanmaku.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            List<DanmakuEvent> anonymousEvents = new CopyOnWriteArrayList<>();
            List<DanmakuEvent> loggedInEvents = new CopyOnWriteArrayList<>();
            LiveDanmaku loggedIn = room(backend, ACCOUNT, loggedInEvents);
            loggedIn.connect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(live.lastAuth().path("uid").asLong()).isEqualTo(FakeBilibiliState.DEFAULT_MID);
            assertThat(live.lastAuth().path("buvid").asString()).isNotBlank();
            assertThat(live.lastAuth().path("key").asString()).isNotBlank();
            assertThat(live.loggedInTokens()).isEqualTo(1);
            assertThat(live.loggedInSessions()).isEqualTo(1);

            LiveDanmaku anonymous = room(backend, Credential.empty(), anonymousEvents);
            anonymous.connect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(live.lastAuth().path("uid").asLong()).isZero();

            await().atMost(WAIT).until(() -> has(anonymousEvents, DanmakuEvent.LOG_IN_NOTICE));
            DanmakuEvent notice = anonymousEvents.stream()
                    .filter(e -> e.type().equals(DanmakuEvent.LOG_IN_NOTICE)).findFirst().orElseThrow();
            assertThat(notice.logInNotice().noticeMsg()).contains("未登录");
            assertThat(notice.message()).containsInstanceOf(LogInNoticeMessage.class);

            String danmu = live.fixtureMessages().get(LiveModule.FIXTURE_NAMES.indexOf("DANMU_MSG.json"));
            live.broadcastMessages(Compression.BROTLI, List.of(danmu));
            await().atMost(WAIT).until(() -> has(anonymousEvents, "DANMU_MSG") && has(loggedInEvents, "DANMU_MSG"));

            DanmuMessage masked = first(anonymousEvents, "DANMU_MSG").danmu();
            assertThat(masked.uid()).isZero();
            assertThat(masked.uname()).isEqualTo("t***");
            DanmuMessage clear = first(loggedInEvents, "DANMU_MSG").danmu();
            assertThat(clear.uid()).isEqualTo(6088969);
            assertThat(clear.uname()).isEqualTo("tim1997");
            assertThat(has(loggedInEvents, DanmakuEvent.LOG_IN_NOTICE)).isFalse();
            assertThat(live.loginNotices()).isEqualTo(1);

            // one WARN saying what to do, without any secret
            List<String> warns = appender.list.stream()
                    .filter(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
                    .map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains("LOG_IN_NOTICE")).toList();
            assertThat(warns).hasSize(1);
            assertThat(warns.get(0)).contains("SESSDATA").contains("DedeUserID")
                    .doesNotContain(FakeBilibiliState.DEFAULT_SESSDATA);
        } finally {
            logger.detachAppender(appender);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void sessdataWithoutDedeUserIdTakesTheUidFromNav(String backend) throws Exception {
        server = FakeBilibiliServer.start();
        LiveModule live = server.module(LiveModule.class);
        Credential noUid = Credential.builder().sessdata(FakeBilibiliState.DEFAULT_SESSDATA)
                .biliJct(FakeBilibiliState.DEFAULT_BILI_JCT).build();
        List<DanmakuEvent> events = new CopyOnWriteArrayList<>();
        room(backend, noUid, events).connect().get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(live.lastAuth().path("uid").asLong()).isEqualTo(FakeBilibiliState.DEFAULT_MID);
        assertThat(live.loggedInSessions()).isEqualTo(1);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aUidThatIsNotTheTokensAccountIsRefusedByTheFake(String backend) throws Exception {
        server = FakeBilibiliServer.start();
        LiveModule live = server.module(LiveModule.class);
        // the oracle itself: DedeUserID of another account than the SESSDATA's
        Credential wrong = ACCOUNT.toBuilder().dedeuserid("42").build();
        List<DanmakuEvent> events = new CopyOnWriteArrayList<>();
        LiveDanmaku d = room(backend, wrong, events);
        d.connect();
        await().atMost(WAIT).until(() -> live.authFailures() >= 1);
        assertThat(live.lastAuthFailure()).contains("not the account the token was issued to");
        assertThat(live.authSuccesses()).isZero();
    }

    private static boolean has(List<DanmakuEvent> events, String type) {
        return events.stream().anyMatch(e -> e.type().equals(type));
    }

    private static DanmakuEvent first(List<DanmakuEvent> events, String type) {
        return events.stream().filter(e -> e.type().equals(type)).findFirst().orElseThrow();
    }
}
