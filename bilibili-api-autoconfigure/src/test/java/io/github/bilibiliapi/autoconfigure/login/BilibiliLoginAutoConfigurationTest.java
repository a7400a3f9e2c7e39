package io.github.bilibiliapi.autoconfigure.login;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bilibiliapi.api.Api;
import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.api.Credential;
import io.github.bilibiliapi.autoconfigure.BilibiliAutoConfiguration;
import io.github.bilibiliapi.login.AccountEvent;
import io.github.bilibiliapi.login.CredentialRefresher;
import io.github.bilibiliapi.login.CredentialStore;
import io.github.bilibiliapi.login.FileCredentialStore;
import io.github.bilibiliapi.login.InMemoryCredentialStore;
import io.github.bilibiliapi.login.LoginService;
import io.github.bilibiliapi.login.QrLogin;
import io.github.bilibiliapi.login.QrLoginState;
import io.github.bilibiliapi.test.FakeBilibiliServer;
import io.github.bilibiliapi.test.bilibili.FakeBilibiliState;
import io.github.bilibiliapi.test.bilibili.PassportModule;
import io.github.bilibiliapi.test.bilibili.PassportState;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Store, login, refresh schedule, events and health in Spring, against the fake bilibili. */
class BilibiliLoginAutoConfigurationTest {

    private static FakeBilibiliServer server;
    private static PassportState passport;

    @TempDir
    Path dir;

    private ApplicationContextRunner runner() {
        return new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BilibiliAutoConfiguration.class,
                        BilibiliLoginAutoConfiguration.class))
                .withUserConfiguration(Events.class)
                .withPropertyValues("bilibili.request.host-redirect.base-url=" + server.httpBaseUrl(),
                        "bilibili.credential.refresh.public-key=" + passport.publicKeyPem());
    }

    @BeforeAll
    static void startFake() {
        server = FakeBilibiliServer.start();
        passport = server.module(PassportModule.class).passport();
    }

    @AfterAll
    static void stopFake() {
        server.close();
    }

    @Configuration(proxyBeanMethods = false)
    static class Events {
        static final List<BilibiliAccountEvent> RECEIVED = new CopyOnWriteArrayList<>();

        @Bean
        ApplicationListener<BilibiliAccountEvent> accountEvents() {
            return RECEIVED::add;
        }
    }

    @Test
    void fixedCredentialInMemoryReachesTheContextAndHealthShowsTheLogin() {
        runner().withPropertyValues("bilibili.credential.sessdata=" + FakeBilibiliState.DEFAULT_SESSDATA,
                "bilibili.credential.bili-jct=" + FakeBilibiliState.DEFAULT_BILI_JCT).run(context -> {
                    assertThat(context).hasSingleBean(LoginService.class).hasSingleBean(CredentialRefresher.class)
                            .hasSingleBean(BilibiliCredentialRefreshScheduler.class);
                    CredentialStore store = context.getBean(CredentialStore.class);
                    assertThat(store).isInstanceOf(InMemoryCredentialStore.class);
                    BiliContext bili = context.getBean(BiliContext.class);
                    assertThat(bili.credentialProvider()).isSameAs(store);
                    assertThat(bili.credential().sessdata()).isEqualTo(FakeBilibiliState.DEFAULT_SESSDATA);
                    Health health = context.getBean("bilibiliHealthIndicator", BilibiliHealthIndicator.class)
                            .health(true);
                    assertThat(health.getStatus()).isEqualTo(Status.UP);
                    assertThat(health.getDetails()).containsEntry("isLogin", true)
                            .containsEntry("mid", FakeBilibiliState.DEFAULT_MID).containsEntry("backend", "okhttp");
                    assertThat(health.toString()).doesNotContain(FakeBilibiliState.DEFAULT_SESSDATA);
                    // no refresh token: the schedule's check does nothing
                    long before = server.requestCount("/x/passport-login/web/cookie/info");
                    context.getBean(BilibiliCredentialRefreshScheduler.class).checkNow();
                    assertThat(server.requestCount("/x/passport-login/web/cookie/info")).isEqualTo(before);
                    // logged out is still UP
                    store.clear();
                    Health out = context.getBean(BilibiliHealthIndicator.class).health(true);
                    assertThat(out.getStatus()).isEqualTo(Status.UP);
                    assertThat(out.getDetails()).containsEntry("isLogin", false).doesNotContainKey("mid");
                });
    }

    @Test
    void qrLoginIntoAFileThenScheduledRefreshAndLogoutWithEvents() {
        Path file = dir.resolve("login.json");
        Events.RECEIVED.clear();
        runner().withPropertyValues("bilibili.credential.store.file=" + file,
                "bilibili.credential.refresh.initial-delay=1h").run(context -> {
                    CredentialStore store = context.getBean(CredentialStore.class);
                    assertThat(store).isInstanceOf(FileCredentialStore.class);
                    LoginService login = context.getBean(LoginService.class);
                    QrLogin qr = login.startQrLogin().join();
                    passport.confirm(qr.qrcodeKey(), 8888);
                    assertThat(qr.await(Duration.ofSeconds(20)).join().state()).isEqualTo(QrLoginState.CONFIRMED);
                    assertThat(Files.exists(file)).isTrue();
                    assertThat(FileCredentialStore.open(file).credential().dedeuserid()).isEqualTo("8888");
                    BiliContext bili = context.getBean(BiliContext.class);
                    assertThat(nav(bili).path("mid").asLong()).isEqualTo(8888);

                    Credential before = store.credential();
                    passport.setRefreshNeeded(true);
                    try {
                        context.getBean(BilibiliCredentialRefreshScheduler.class).checkNow();
                    } finally {
                        passport.setRefreshNeeded(false);
                    }
                    assertThat(store.credential().sessdata()).isNotEqualTo(before.sessdata());
                    assertThat(FileCredentialStore.open(file).credential()).isEqualTo(store.credential());
                    assertThat(nav(bili).path("mid").asLong()).isEqualTo(8888);

                    assertThat(login.logout().join()).isTrue();
                    assertThat(Files.exists(file)).isFalse();
                    assertThat(Events.RECEIVED).extracting(BilibiliAccountEvent::getType).containsExactly(
                            AccountEvent.Type.LOGGED_IN, AccountEvent.Type.REFRESHED, AccountEvent.Type.LOGGED_OUT);
                    assertThat(Events.RECEIVED).allSatisfy(e -> assertThat(e.getMid()).isEqualTo("8888"));
                });
    }

    @Test
    void refreshCanBeTurnedOffAndACorruptFileFailsStartupKeepingTheFile() throws Exception {
        runner().withPropertyValues("bilibili.credential.refresh.enabled=false")
                .run(context -> assertThat(context).doesNotHaveBean(BilibiliCredentialRefreshScheduler.class)
                        .hasSingleBean(CredentialRefresher.class));
        Path file = dir.resolve("bad.json");
        Files.writeString(file, "{not json");
        runner().withPropertyValues("bilibili.credential.store.file=" + file).run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).rootCause().hasMessageContaining(file.toString())
                    .hasMessageContaining("not valid JSON");
        });
        assertThat(Files.readString(file)).isEqualTo("{not json");
    }

    private static tools.jackson.databind.JsonNode nav(BiliContext bili) {
        return bili.execute(Api.get("https://api.bilibili.com/x/web-interface/nav").ignoreCode(true).build()).join()
                .data();
    }
}
