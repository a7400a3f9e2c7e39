package io.github.bilibiliapi.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bilibiliapi.api.Api;
import io.github.bilibiliapi.api.Backends;
import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.api.Credential;
import io.github.bilibiliapi.api.FakeEnv;
import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.test.bilibili.PassportModule;
import io.github.bilibiliapi.test.bilibili.PassportState;
import io.github.bilibiliapi.test.bilibili.PassportState.CookieDelivery;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** QR login against the fake's passport, on every backend: the three ways cookies arrive, the states, expiry. */
class QrLoginFakeTest {

    static final String POLL = "/x/passport-login/web/qrcode/poll";

    static Stream<Named<Supplier<BiliApiClient>>> backends() {
        return Backends.all();
    }

    /** A store-backed context and a login service on the fake, polling fast. */
    static final class Setup {
        final PassportState passport;
        final InMemoryCredentialStore store = new InMemoryCredentialStore();
        final BiliContext context;
        final LoginService login;
        final List<AccountEvent> events = new CopyOnWriteArrayList<>();

        Setup(FakeEnv env) {
            passport = env.server.module(PassportModule.class).passport();
            context = env.contextBuilder(s -> { }).credentials(store).build();
            login = LoginService.builder(context).store(store).listener(events::add).clock(env.clock)
                    .pollInterval(Duration.ofMillis(20)).build();
        }

        JsonNode nav() {
            return context.execute(Api.get("https://api.bilibili.com/x/web-interface/nav").ignoreCode(true).build())
                    .join().data();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void setCookieLoginThroughEveryState(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            Setup s = new Setup(env);
            assertThat(s.nav().path("isLogin").asBoolean()).isFalse();
            QrLogin qr = s.login.startQrLogin().join();
            assertThat(qr.qrcodeKey()).hasSize(32);
            assertThat(qr.url()).startsWith("https://passport.bilibili.com/h5-app/passport/login/scan?")
                    .contains("qrcode_key=" + qr.qrcodeKey());
            assertThat(qr.expiresAt()).isEqualTo(env.clock.instant().plus(Duration.ofSeconds(180)));
            assertThat(qr.toString()).doesNotContain(qr.qrcodeKey());

            assertThat(qr.poll().join().state()).isEqualTo(QrLoginState.NOT_SCANNED);
            s.passport.scan(qr.qrcodeKey());
            assertThat(qr.poll().join().state()).isEqualTo(QrLoginState.SCANNED);
            s.passport.confirm(qr.qrcodeKey(), 4242);
            QrPoll done = qr.poll().join();

            assertThat(done.state()).isEqualTo(QrLoginState.CONFIRMED);
            Credential c = done.credential();
            assertThat(c.sessdata()).contains("%2C");
            assertThat(c.biliJct()).hasSize(32);
            assertThat(c.dedeuserid()).isEqualTo("4242");
            assertThat(c.dedeuseridCkMd5()).hasSize(16);
            assertThat(c.sid()).isNotBlank();
            assertThat(c.refreshToken()).hasSize(32);
            assertThat(c.buvid3()).as("the activated buvid3 is kept").endsWith("infoc");
            assertThat(s.passport.isLoggedIn(c.sessdata())).isTrue();
            assertThat(s.store.load()).contains(c);
            assertThat(s.events).singleElement().satisfies(e -> {
                assertThat(e.type()).isEqualTo(AccountEvent.Type.LOGGED_IN);
                assertThat(e.mid()).isEqualTo("4242");
            });
            // the key was used up by that one answer; asking again does not go to bilibili
            assertThat(s.passport.qrState(qr.qrcodeKey())).contains(PassportState.QrState.CONSUMED);
            long polls = env.server.requestCount(POLL);
            assertThat(qr.poll().join()).isEqualTo(done);
            assertThat(env.server.requestCount(POLL)).isEqualTo(polls).isEqualTo(3);
            assertThat(env.server.requestCount("/crossDomain")).isZero();
            // the next call of the same context is logged in, with no rebuild
            JsonNode nav = s.nav();
            assertThat(nav.path("isLogin").asBoolean()).isTrue();
            assertThat(nav.path("mid").asLong()).isEqualTo(4242);
            // the poll carried no login cookies
            assertThat(env.server.lastRequest(POLL).cookies()).doesNotContainKey("SESSDATA");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void crossDomainLoginTakesTheCookiesFromTheLinkedPage(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            Setup s = new Setup(env);
            s.passport.setCookieDelivery(CookieDelivery.CROSS_DOMAIN);
            QrLogin qr = s.login.startQrLogin().join();
            CompletableFuture<QrPoll> waiting = qr.await(Duration.ofSeconds(20));
            s.passport.scan(qr.qrcodeKey());
            s.passport.confirm(qr.qrcodeKey(), 777);
            QrPoll done = waiting.join();
            assertThat(done.state()).isEqualTo(QrLoginState.CONFIRMED);
            assertThat(done.credential().sid()).as("only the crossDomain page's Set-Cookie has sid").isNotBlank();
            assertThat(done.credential().dedeuserid()).isEqualTo("777");
            assertThat(env.server.requestCount("/crossDomain")).isEqualTo(1);
            assertThat(env.server.lastRequest("/crossDomain").cookies()).as("no cookies to the crossDomain page")
                    .isEmpty();
            assertThat(s.nav().path("mid").asLong()).isEqualTo(777);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void urlQueryIsTheLastResort(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            Setup s = new Setup(env);
            s.passport.setCookieDelivery(CookieDelivery.URL_ONLY);
            QrLogin qr = s.login.startQrLogin().join();
            s.passport.confirm(qr.qrcodeKey(), 31337);
            QrPoll done = qr.await(Duration.ofSeconds(20)).join();
            assertThat(done.state()).isEqualTo(QrLoginState.CONFIRMED);
            Credential c = done.credential();
            assertThat(c.sid()).as("sid is not in the URL").isNull();
            assertThat(c.dedeuseridCkMd5()).hasSize(16);
            assertThat(c.refreshToken()).hasSize(32);
            assertThat(env.server.requestCount("/crossDomain")).isEqualTo(1);
            assertThat(s.nav().path("mid").asLong()).isEqualTo(31337);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void expiryOnTheFakesClock(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            Setup s = new Setup(env);
            QrLogin qr = s.login.startQrLogin().join();
            s.passport.scan(qr.qrcodeKey());
            env.clock.advance(Duration.ofSeconds(179));
            assertThat(qr.poll().join().state()).isEqualTo(QrLoginState.SCANNED);
            env.clock.advance(Duration.ofSeconds(1));
            assertThat(qr.await(Duration.ofSeconds(20)).join().state()).isEqualTo(QrLoginState.EXPIRED);
            assertThatThrownBy(() -> s.passport.confirm(qr.qrcodeKey(), 1)).isInstanceOf(IllegalStateException.class);
            assertThat(qr.poll().join().state()).isEqualTo(QrLoginState.EXPIRED);
            assertThat(s.store.load()).isEmpty();
            assertThat(s.events).isEmpty();
            // a new code works
            QrLogin again = s.login.startQrLogin().join();
            assertThat(again.qrcodeKey()).isNotEqualTo(qr.qrcodeKey());
            assertThat(again.poll().join().state()).isEqualTo(QrLoginState.NOT_SCANNED);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void awaitReturnsTheLastStateWhenTimeRunsOutAndLogoutEndsTheSession(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            Setup s = new Setup(env);
            QrLogin qr = s.login.startQrLogin().join();
            assertThat(qr.await(Duration.ofMillis(100)).join().state()).isEqualTo(QrLoginState.NOT_SCANNED);
            s.passport.confirm(qr.qrcodeKey(), 99);
            Credential c = qr.await(Duration.ofSeconds(20)).join().credential();

            assertThat(s.login.logout().join()).isTrue();
            assertThat(s.store.load()).isEmpty();
            assertThat(s.passport.isLoggedIn(c.sessdata())).isFalse();
            assertThat(env.server.lastRequest("/login/exit/v2").cookies()).containsKeys("SESSDATA", "DedeUserID",
                    "bili_jct");
            assertThat(s.nav().path("isLogin").asBoolean()).isFalse();
            assertThat(s.events).extracting(AccountEvent::type)
                    .containsExactly(AccountEvent.Type.LOGGED_IN, AccountEvent.Type.LOGGED_OUT);
            // a dead session gets the login page: still logged out, reported as not ended by this call
            assertThat(s.login.logout(c).join()).isFalse();
            assertThatThrownBy(() -> s.login.logout(Credential.builder().sessdata("x").build()))
                    .isInstanceOf(io.github.bilibiliapi.api.CredentialException.class)
                    .hasMessageContaining("DedeUserID");
        }
    }
}
