package io.github.bilibiliapi.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bilibiliapi.client.ClientSettings;
import io.github.bilibiliapi.client.okhttp.OkHttpBiliApiClient;
import io.github.bilibiliapi.test.RecordedRequest;
import io.github.bilibiliapi.test.bilibili.FakeBilibiliState;
import io.github.bilibiliapi.user.UserService;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.HttpCookie;
import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import okhttp3.java.net.cookiejar.JavaNetCookieJar;
import okhttp3.OkHttpClient;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A user's {@link OkHttpClient} with a {@link JavaNetCookieJar} that already holds cookies for the host: OkHttp's
 * bridge would replace our {@code Cookie} header with the jar's; the credential's SESSDATA, bili_jct and buvid3 must
 * still be sent (merged with the jar's other cookies, ours winning).
 */
class OkHttpCookieJarSessionTest {

    private static final String NAV = "/x/web-interface/nav";
    private static final String ACTIVATED = "JAR-TEST-BUVID3-infoc";

    @ParameterizedTest(name = "settings in force: {0}")
    @ValueSource(booleans = {false, true})
    void ourCredentialWinsOverTheJarAndTheJarsOtherCookiesStay(boolean settingsInForce) {
        CookieManager manager = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
        OkHttpClient user = new OkHttpClient.Builder().cookieJar(new JavaNetCookieJar(manager)).build();
        try (FakeEnv env = new FakeEnv(() -> OkHttpBiliApiClient.create(ClientSettings.DEFAULTS, user))) {
            URI host = URI.create(env.server.httpBaseUrl());
            // what a browser-like session of the application holds for the same host
            for (String[] c : new String[][] {{"SESSDATA", "stale-jar-sessdata"}, {"bili_jct", "stale-jar-jct"},
                    {"buvid3", "jar-buvid3"}, {"app_pref", "dark"}}) {
                HttpCookie cookie = new HttpCookie(c[0], c[1]);
                cookie.setPath("/");
                cookie.setVersion(0);
                manager.getCookieStore().add(host, cookie);
            }
            if (settingsInForce) {
                env.client.setTimeout(Duration.ofSeconds(20)); // a derived session: the jar comes along
            }
            env.state.activate(ACTIVATED);
            Credential credential = FakeEnv.ACCOUNT.toBuilder().buvid3(ACTIVATED).build();
            BiliContext ctx = env.contextBuilder(s -> { }).credential(credential).build();

            // nav answers logged in only with the account's SESSDATA
            ApiResult nav = ctx.execute(Api.get("https://api.bilibili.com" + NAV).build()).join();
            assertThat(nav.data().path("isLogin").asBoolean()).isTrue();
            Map<String, String> sent = cookies(env.server.lastRequest(NAV));
            assertThat(sent).containsEntry("SESSDATA", FakeBilibiliState.DEFAULT_SESSDATA)
                    .containsEntry("bili_jct", FakeBilibiliState.DEFAULT_BILI_JCT)
                    .containsEntry("buvid3", ACTIVATED)
                    .containsEntry("app_pref", "dark");

            // a WBI-signed call that needs the activated buvid3 of the credential
            assertThat(new UserService(ctx).getUserInfo(2).join().mid()).isEqualTo(2);
            assertThat(cookies(env.server.lastRequest("/x/space/wbi/acc/info"))).containsEntry("buvid3", ACTIVATED)
                    .containsEntry("app_pref", "dark");
        }
    }

    private static Map<String, String> cookies(RecordedRequest request) {
        Map<String, String> out = new LinkedHashMap<>();
        String header = request.header("Cookie");
        assertThat(header).as("Cookie header").isNotNull();
        Arrays.stream(header.split(";")).map(String::strip).filter(p -> p.contains("=")).forEach(p -> {
            int eq = p.indexOf('=');
            assertThat(out).as("cookie %s sent once", p.substring(0, eq)).doesNotContainKey(p.substring(0, eq));
            out.put(p.substring(0, eq), p.substring(eq + 1));
        });
        return out;
    }

}
