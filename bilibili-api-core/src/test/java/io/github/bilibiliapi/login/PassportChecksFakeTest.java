package io.github.bilibiliapi.login;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bilibiliapi.api.Api;
import io.github.bilibiliapi.api.Backends;
import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.api.Credential;
import io.github.bilibiliapi.api.FakeEnv;
import io.github.bilibiliapi.api.ResponseCodeException;
import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiRequest;
import io.github.bilibiliapi.test.bilibili.PassportModule;
import io.github.bilibiliapi.test.bilibili.PassportState;
import io.github.bilibiliapi.test.bilibili.PassportState.Login;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The fake passport's checks with their real codes: csrf (-111), refresh_csrf replay (86095), confirm (-400), logout (2202). */
class PassportChecksFakeTest {

    static Stream<Named<Supplier<BiliApiClient>>> backends() {
        return Backends.all();
    }

    static int code(Runnable call) {
        try {
            call.run();
        } catch (CompletionException e) {
            assertThat(e.getCause()).isInstanceOf(ResponseCodeException.class);
            return ((ResponseCodeException) e.getCause()).code();
        }
        return 0;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void wrongCsrfReplayedRefreshCsrfWrongOldTokenAndLogoutCsrf(Supplier<BiliApiClient> backend) {
        try (FakeEnv env = new FakeEnv(backend)) {
            PassportState passport = env.server.module(PassportModule.class).passport();
            Login l = passport.login(42);
            Credential c = CredentialRefresherFakeTest.credentialOf(l);
            BiliContext ctx = env.contextBuilder(s -> { }).credential(c).build();
            CredentialRefresher refresher = CredentialRefresher.builder(ctx, new InMemoryCredentialStore(c))
                    .publicKeyPem(passport.publicKeyPem()).build();
            String url = "https://passport.bilibili.com/x/passport-login/web/cookie/refresh";

            assertThat(code(() -> ctx.execute(Api.post(url).noCsrf(true).data("csrf", "wrong")
                    .data("refresh_csrf", "x").data("source", "main_web").data("refresh_token", l.refreshToken())
                    .build()).join())).isEqualTo(-111);

            String refreshCsrf = refreshCsrf(ctx, refresher, env.clock.millis());
            // a wrong token spends the refresh_csrf; the right token with the same refresh_csrf is a replay
            assertThat(code(() -> ctx.execute(Api.post(url).data("refresh_csrf", refreshCsrf)
                    .data("source", "main_web").data("refresh_token", "f".repeat(32)).build()).join()))
                    .isEqualTo(86095);
            assertThat(code(() -> ctx.execute(Api.post(url).data("refresh_csrf", refreshCsrf)
                    .data("source", "main_web").data("refresh_token", l.refreshToken()).build()).join()))
                    .isEqualTo(86095);
            assertThat(passport.refreshes()).isZero();

            // confirm with a token that is not the replaced session's: -400
            String fresh = refreshCsrf(ctx, refresher, env.clock.millis());
            var answer = ctx.execute(Api.post(url).data("refresh_csrf", fresh).data("source", "main_web")
                    .data("refresh_token", l.refreshToken()).build()).join();
            Credential next = c.toBuilder().sessdata(answer.response().cookies().get("SESSDATA"))
                    .biliJct(answer.response().cookies().get("bili_jct")).build();
            assertThat(code(() -> ctx.execute(Api.post("https://passport.bilibili.com/x/passport-login/web/confirm/refresh")
                    .credential(next).data("refresh_token", "0".repeat(32)).build()).join())).isEqualTo(-400);

            // logout with a wrong biliCSRF: 2202, the session lives
            assertThat(code(() -> ctx.execute(Api.post("https://passport.bilibili.com/login/exit/v2").noCsrf(true)
                    .data("biliCSRF", "wrong").build()).join())).isEqualTo(2202);
            assertThat(passport.isLoggedIn(l.sessdata())).isTrue();
        }
    }

    private static String refreshCsrf(BiliContext ctx, CredentialRefresher refresher, long ts) {
        String page = ctx.client().request(BiliApiRequest.get(ctx.resolveUrl("https://www.bilibili.com/correspond/1/"
                + refresher.correspondPath(ts))).cookies(ctx.credential().cookies()).build()).join().utf8Text();
        Matcher m = Pattern.compile("<div id=\"1-name\">([0-9a-f]{32})</div>").matcher(page);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
