package io.github.bilibiliapi.login;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bilibiliapi.api.Api;
import io.github.bilibiliapi.api.Backends;
import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.api.Credential;
import io.github.bilibiliapi.api.CredentialException;
import io.github.bilibiliapi.api.FakeEnv;
import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.login.CredentialRefreshException.Stage;
import io.github.bilibiliapi.test.Fault;
import io.github.bilibiliapi.test.bilibili.PassportModule;
import io.github.bilibiliapi.test.bilibili.PassportState;
import io.github.bilibiliapi.test.bilibili.PassportState.Login;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Cookie refresh end to end against the fake's passport, on every backend. */
class CredentialRefresherFakeTest {

    static final String REFRESH = "/x/passport-login/web/cookie/refresh";
    static final String CONFIRM = "/x/passport-login/web/confirm/refresh";

    static Stream<Named<Supplier<BiliApiClient>>> backends() {
        return Backends.all();
    }

    static Credential credentialOf(Login l) {
        return Credential.builder().sessdata(l.sessdata()).biliJct(l.biliJct()).dedeuserid(Long.toString(l.mid()))
                .dedeuseridCkMd5(l.ckMd5()).sid(l.sid()).refreshToken(l.refreshToken()).buvid3("kept-buvid3").build();
    }

    static final class Setup {
        final PassportState passport;
        final Login login;
        final InMemoryCredentialStore store;
        final BiliContext context;
        final CredentialRefresher refresher;
        final List<AccountEvent> events = new CopyOnWriteArrayList<>();

        Setup(FakeEnv env) {
            passport = env.server.module(PassportModule.class).passport();
            login = passport.login(5555);
            store = new InMemoryCredentialStore(credentialOf(login));
            context = env.contextBuilder(s -> { }).credentials(store).build();
            refresher = CredentialRefresher.builder(context, store).publicKeyPem(passport.publicKeyPem())
                    .listener(events::add).clock(env.clock).build();
        }

        long navMid(Credential c) {
            return context.execute(Api.get("https://api.bilibili.com/x/web-interface/nav").credential(c)
                    .ignoreCode(true).build()).join().data().path("mid").asLong();
        }
    }

    static CredentialRefreshException failure(Runnable call) {
        try {
            call.run();
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(CredentialRefreshException.class);
            return (CredentialRefreshException) e.getCause();
        }
        throw new AssertionError("the refresh did not fail");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void refreshRotatesCookiesAndTokenAndRetiresTheOldOnes(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            Setup s = new Setup(env);
            Credential old = s.store.credential();
            RefreshResult notNeeded = s.refresher.refreshIfNeeded().join();
            assertThat(notNeeded.refreshed()).isFalse();
            assertThat(notNeeded.credential()).isEqualTo(old);
            assertThat(s.refresher.needsRefresh().join()).isFalse();
            assertThat(env.server.requestCount(REFRESH)).isZero();

            s.passport.setRefreshNeeded(true);
            assertThat(s.refresher.needsRefresh().join()).isTrue();
            RefreshResult r = s.refresher.refreshIfNeeded().join();
            assertThat(r.refreshed()).isTrue();
            assertThat(r.confirmed()).isTrue();
            Credential fresh = r.credential();
            assertThat(fresh.sessdata()).isNotEqualTo(old.sessdata());
            assertThat(fresh.biliJct()).isNotEqualTo(old.biliJct());
            assertThat(fresh.refreshToken()).isNotEqualTo(old.refreshToken()).hasSize(32);
            assertThat(fresh.sid()).isNotEqualTo(old.sid());
            assertThat(fresh.buvid3()).isEqualTo("kept-buvid3");
            assertThat(s.store.credential()).isEqualTo(fresh);
            assertThat(s.passport.refreshes()).isEqualTo(1);
            assertThat(s.passport.confirms()).isEqualTo(1);
            // confirm used the new cookies and the OLD token
            assertThat(env.server.lastRequest(CONFIRM).cookies()).containsEntry("SESSDATA", fresh.sessdata());
            assertThat(s.passport.isLoggedIn(old.sessdata())).as("old cookies retired by confirm").isFalse();
            assertThat(s.navMid(null)).as("the context uses the new credential at once").isEqualTo(5555);
            assertThat(env.server.lastRequest("/x/web-interface/nav").cookies())
                    .containsEntry("SESSDATA", fresh.sessdata());
            assertThat(s.events).extracting(AccountEvent::type).containsExactly(AccountEvent.Type.REFRESHED);
            // the correspond page got the cookies and a 256-hex path
            assertThat(env.server.recentRequests()).anySatisfy(q -> {
                assertThat(q.path()).matches("/correspond/1/[0-9a-f]{256}");
                assertThat(q.cookies()).containsEntry("SESSDATA", old.sessdata());
            });
            // and again, from the new credential
            RefreshResult second = s.refresher.refresh().join();
            assertThat(second.confirmed()).isTrue();
            assertThat(s.navMid(null)).isEqualTo(5555);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void rejectedTokenIs86095AndKeepsTheWorkingCredential(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            Setup s = new Setup(env);
            Credential good = s.store.credential();
            Credential stale = good.toBuilder().refreshToken("0123456789abcdef0123456789abcdef").build();
            s.store.save(stale);
            CredentialRefreshException e = failure(() -> s.refresher.refresh().join());
            assertThat(e).isInstanceOf(RefreshTokenRejectedException.class);
            assertThat(e.stage()).isEqualTo(Stage.REFRESH);
            assertThat(e.getMessage()).contains("86095").doesNotContain(stale.refreshToken())
                    .doesNotContain(good.sessdata());
            assertThat(s.store.credential()).isEqualTo(stale);
            assertThat(s.navMid(null)).as("the cookies still work").isEqualTo(5555);
            assertThat(s.events).isEmpty();
            // replay: the refresh_csrf of that attempt is spent; a fresh attempt with the right token succeeds
            s.store.save(good);
            assertThat(s.refresher.refresh().join().confirmed()).isTrue();
            // the old token again, now that it was used: rejected (old cookies are gone too: -101)
            s.store.save(good);
            CredentialRefreshException replay = failure(() -> s.refresher.refresh().join());
            assertThat(replay).isInstanceOf(NotLoggedInException.class);
            assertThat(replay.stage()).isEqualTo(Stage.CHECK);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void networkFailureMidRefreshLeavesTheOldCredentialWorking(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            Setup s = new Setup(env);
            Credential old = s.store.credential();
            // the connection breaks in the middle of the answer (a close before any answer is retried by OkHttp on a
            // reused connection, even for a POST: a backend behaviour, see the login docs)
            env.server.script(REFRESH, Fault.resetMidBody(10_000, 100));
            CredentialRefreshException e = failure(() -> s.refresher.refresh().join());
            assertThat(e.stage()).isEqualTo(Stage.REFRESH);
            assertThat(s.store.credential()).isEqualTo(old);
            assertThat(s.navMid(null)).isEqualTo(5555);
            assertThat(env.server.requestCount(REFRESH)).as("never retried").isEqualTo(1);

            // a failure at the correspond page: same
            env.server.script("/correspond/1/{path}", Fault.respond(503));
            env.server.scriptAlways("/x/passport-login/web/cookie/info", Fault.closeWithoutResponse());
            assertThat(failure(() -> s.refresher.refresh().join()).stage()).isEqualTo(Stage.CHECK);
            env.server.clearScripts();
            assertThat(s.store.credential()).isEqualTo(old);

            // the confirmation lost: the new credential is saved and works, the old one lives on
            env.server.script(CONFIRM, Fault.resetMidBody(10_000, 100));
            RefreshResult r = s.refresher.refresh().join();
            assertThat(r.refreshed()).isTrue();
            assertThat(r.confirmed()).isFalse();
            assertThat(s.store.credential()).isEqualTo(r.credential());
            assertThat(s.navMid(null)).isEqualTo(5555);
            assertThat(s.passport.isLoggedIn(old.sessdata())).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void wrongPublicKeyFailsAtTheCorrespondPage(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            Setup s = new Setup(env);
            Credential old = s.store.credential();
            CredentialRefresher bilibilisKey = CredentialRefresher.builder(s.context, s.store).build();
            CredentialRefreshException e = failure(() -> bilibilisKey.refresh().join());
            assertThat(e.stage()).isEqualTo(Stage.CORRESPOND);
            assertThat(e.getMessage()).contains("HTTP 404");
            assertThat(s.store.credential()).isEqualTo(old);
            assertThat(s.navMid(null)).isEqualTo(5555);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void badInputBeforeAnyIo(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            Setup s = new Setup(env);
            s.store.save(s.store.credential().toBuilder().refreshToken(null).build());
            long before = env.server.totalRequests();
            assertThatThrownBy(() -> s.refresher.refresh()).isInstanceOf(CredentialException.class)
                    .hasMessageContaining("refresh token");
            s.store.clear();
            assertThatThrownBy(() -> s.refresher.needsRefresh()).isInstanceOf(CredentialException.class)
                    .hasMessageContaining("SESSDATA");
            assertThatThrownBy(() -> CredentialRefresher.builder(s.context, s.store).publicKeyPem("nope"))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("publicKeyPem");
            assertThat(env.server.totalRequests()).isEqualTo(before);
        }
    }
}
