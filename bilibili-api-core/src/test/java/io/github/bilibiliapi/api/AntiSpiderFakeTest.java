package io.github.bilibiliapi.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliWsMessage;
import io.github.bilibiliapi.client.BiliWsMsgType;
import io.github.bilibiliapi.test.RecordedRequest;
import io.github.bilibiliapi.test.bilibili.FakeBilibiliState;
import io.github.bilibiliapi.user.UserService;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/** buvid renewal, key expiry, WebSocket pass-through and the SLF4J listener, against the fake on every backend. */
class AntiSpiderFakeTest {

    static Stream<Named<Supplier<BiliApiClient>>> backends() {
        return Backends.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void revokedBuvidIsRenewedThroughTheRetry(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            UserService users = new UserService(env.context());
            users.getUserInfo(2).join();
            String first = env.server.lastRequest("/x/space/wbi/acc/info").cookies().get("buvid3");
            env.state.deactivate(first);
            assertThat(users.getUserInfo(2).join().mid()).isEqualTo(2);
            String second = env.server.lastRequest("/x/space/wbi/acc/info").cookies().get("buvid3");
            assertThat(second).isNotEqualTo(first);
            assertThat(env.state.spiRequests()).isEqualTo(2);
            assertThat(env.state.activationRequests()).isEqualTo(2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void credentialBuvid3SkipsActivationAndExpiredKeysAreReread(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            // activate a buvid3 of our own, as a browser would have
            String own = "ABCDEF01-2345-6789-ABCD-EF012345678912345infoc";
            env.state.activate(own);
            BiliContext ctx = env.contextBuilder(s -> s.wbiKeyTtl(Duration.ofMinutes(30)))
                    .credential(Credential.builder().buvid3(own).build()).build();
            UserService users = new UserService(ctx);
            users.getUserInfo(2).join();
            assertThat(ctx.buvid3().join()).isEqualTo(own);
            assertThat(env.state.spiRequests()).isZero();
            assertThat(env.server.lastRequest("/x/space/wbi/acc/info").cookies()).containsEntry("buvid3", own);
            users.getUserInfo(2).join();
            assertThat(env.state.navRequests()).isEqualTo(1);
            env.clock.advance(Duration.ofMinutes(31));
            users.getUserInfo(2).join();
            assertThat(env.state.navRequests()).isEqualTo(2);
            assertThat(env.state.signatureFailures()).isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void webSocketsAreRedirectedAndGetCookiesOnlyForBilibiliHosts(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            assumeThat(env.client.backendName()).as("the plain test client has no WebSocket").isNotEqualTo("plain-jdk");
            BiliContext ctx = env.contextBuilder(s -> { }).credential(FakeEnv.ACCOUNT).build();
            String buvid3 = ctx.buvid3().join();
            assertThat(buvid3).endsWith("infoc");

            int handle = ctx.wsCreate("wss://broadcastlv.chat.bilibili.com/test/ws/echo", Map.of(), Map.of()).join();
            RecordedRequest upgrade = env.server.lastRequest("/test/ws/echo");
            assertThat(upgrade.cookies()).containsEntry("SESSDATA", FakeBilibiliState.DEFAULT_SESSDATA)
                    .containsEntry("buvid3", buvid3);
            assertThat(upgrade.header("user-agent")).isEqualTo(RequestSettings.DEFAULT_USER_AGENT);
            ctx.wsSend(handle, "hi".getBytes(StandardCharsets.UTF_8)).join();
            BiliWsMessage echo = ctx.wsRecv(handle).join();
            assertThat(echo.type()).isEqualTo(BiliWsMsgType.BINARY);
            assertThat(new String(echo.data(), StandardCharsets.UTF_8)).isEqualTo("hi");
            ctx.wsClose(handle).join();
            assertThat(env.events).extracting(BiliEvent::type).contains(BiliEventType.WS_CREATE,
                    BiliEventType.WS_SEND, BiliEventType.WS_RECV, BiliEventType.WS_CLOSE);

            int foreign = ctx.wsCreate(env.server.wsBaseUrl() + "/test/ws/echo", Map.of(), Map.of()).join();
            assertThat(env.server.lastRequest("/test/ws/echo").cookies()).isEmpty();
            ctx.wsClose(foreign).join();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void slf4jListenerLogsWithoutSecrets(Supplier<BiliApiClient> backend) {
        Logger logger = (Logger) LoggerFactory.getLogger("io.github.bilibiliapi.request");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ch.qos.logback.classic.Level previous = logger.getLevel();
        logger.setLevel(ch.qos.logback.classic.Level.INFO); // independent of whatever logback config is around
        logger.addAppender(appender);
        try (FakeEnv env = new FakeEnv(backend)) {
            BiliContext ctx = env.contextBuilder(s -> { }).credential(FakeEnv.ACCOUNT)
                    .listener(new Slf4jEventListener()).build();
            new UserService(ctx).getUserInfo(2).join();
            String buvid3 = env.server.lastRequest("/x/space/wbi/acc/info").cookies().get("buvid3");
            assertThat(appender.list).isNotEmpty();
            assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage).allSatisfy(m -> assertThat(m)
                    .doesNotContain(FakeBilibiliState.DEFAULT_SESSDATA, FakeBilibiliState.DEFAULT_BILI_JCT, buvid3));
            assertThat(appender.list).extracting(ILoggingEvent::getFormattedMessage)
                    .anySatisfy(m -> assertThat(m).contains("API_REQUEST", "/x/space/wbi/acc/info"));
        } finally {
            logger.detachAppender(appender);
            logger.setLevel(previous);
        }
    }
}
