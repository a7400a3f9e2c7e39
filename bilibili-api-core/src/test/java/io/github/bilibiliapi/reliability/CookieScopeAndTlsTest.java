package io.github.bilibiliapi.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bilibiliapi.api.Api;
import io.github.bilibiliapi.api.ApiResult;
import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.api.Credential;
import io.github.bilibiliapi.api.NetworkException;
import io.github.bilibiliapi.api.RequestSettings;
import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiRequest;
import io.github.bilibiliapi.client.BiliApiResponse;
import io.github.bilibiliapi.client.BiliClientException;
import io.github.bilibiliapi.client.ClientSettings;
import io.github.bilibiliapi.test.FakeBilibiliServer;
import io.github.bilibiliapi.test.RecordedRequest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Cookies stay with bilibili, and TLS is verified unless switched off, on every backend. The fake is reached as
 * {@code 127.0.0.1} (where bilibili's hosts are redirected) and as {@code localhost} (a host that is not bilibili's).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CookieScopeAndTlsTest {

    static final String SESSDATA = "scope0sessdata%2C1999999999%2Cabc";
    static final String BILI_JCT = "scope0jct0000000000000000000000a";

    private FakeBilibiliServer server;

    static Stream<String> backends() {
        return Reliability.backends();
    }

    @BeforeAll
    void start() {
        server = FakeBilibiliServer.start();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @BeforeEach
    void reset() {
        server.clearScripts();
        server.resetCounters();
    }

    private String foreign(String path) {
        return "http://localhost:" + server.port() + path;
    }

    private BiliContext context(BiliApiClient client) {
        return BiliContext.builder().client(client)
                .credential(Credential.builder().sessdata(SESSDATA).biliJct(BILI_JCT).build())
                .settings(RequestSettings.builder().redirectTo(server.httpBaseUrl()).build()).build();
    }

    private static <T> T join(CompletableFuture<T> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aNonBilibiliHostGetsNoCookiesAndNoReferer(String backend) throws Exception {
        try (BiliApiClient client = Reliability.newClient(backend, ClientSettings.DEFAULTS)) {
            BiliContext context = context(client);
            assertThat(context.mayReceiveCookies(foreign("/test/echo"))).isFalse();
            ApiResult r = join(context.execute(Api.get(foreign("/test/echo")).ignoreCode(true).build()));
            assertThat(r.json().path("cookies").isEmpty()).as("cookies at localhost: %s", r.json().path("cookies"))
                    .isTrue();
            assertThat(r.json().path("headers").toString()).doesNotContain("scope0").doesNotContain("Referer")
                    .doesNotContain("referer");
            // no buvid/ticket work either
            assertThat(server.requestCount("/x/frontend/finger/spi")).isZero();
            // a bilibili host (redirected to the same fake) does get them: the check above is not vacuous
            join(context.execute(Api.get("https://api.bilibili.com/test/echo").ignoreCode(true).build()));
            assertThat(server.lastRequest("/test/echo").cookies()).containsEntry("SESSDATA", SESSDATA);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aRedirectToAnotherHostCarriesNoCookie(String backend) throws Exception {
        try (BiliApiClient client = Reliability.newClient(backend, ClientSettings.DEFAULTS)) {
            // the Api layer does not follow redirects: a 3xx is a NetworkException, and nothing reaches the other host
            BiliContext context = context(client);
            assertThatThrownBy(() -> join(context.execute(Api.get("https://api.bilibili.com/test/redirect")
                    .param("to", foreign("/test/echo")).param("status", 302).ignoreCode(true).build())))
                    .cause().isInstanceOf(NetworkException.class).hasMessageContaining("302");
            assertThat(server.lastRequest("/test/redirect").cookies()).containsEntry("SESSDATA", SESSDATA);
            assertThat(server.requestCount("/test/echo")).isZero();
        }
    }

    /**
     * Known gap, found by this suite (see docs/reliability.md): a raw {@code BiliApiRequest} with
     * {@code allowRedirects(true)} that carries cookies or an {@code Authorization} header keeps them across a redirect
     * to another host on okhttp and jdk (Cookie), and on webclient ({@code Authorization}). The Api layer never sets
     * {@code allowRedirects}, so credentials added by a {@code BiliContext} are not affected (tested above). Enable
     * this test once the backends strip both headers on a cross-host hop.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aClientLevelRedirectToAnotherHostDropsCookieAndAuthorization(String backend) throws Exception {
        try (BiliApiClient client = Reliability.newClient(backend, ClientSettings.DEFAULTS)) {
            for (int status : new int[] {301, 302, 303, 307, 308}) {
                BiliApiResponse raw = join(client.request(BiliApiRequest.get(server.httpBaseUrl() + "/test/redirect")
                        .param("to", foreign("/test/echo")).param("status", Integer.toString(status))
                        .cookies(Map.of("SESSDATA", SESSDATA)).header("Authorization", "Bearer " + BILI_JCT)
                        .allowRedirects(true).build()));
                assertThat(raw.code()).isEqualTo(200);
                RecordedRequest r2 = server.lastRequest("/test/echo");
                assertThat(r2.header("host")).startsWith("localhost");
                assertThat(r2.cookies()).as("cookies after a %d to another host", status).isEmpty();
                assertThat(r2.header("authorization")).as("authorization after a %d", status).isNull();
            }
        }
    }

    @Test
    void tlsVerificationIsOnByDefault() {
        assertThat(ClientSettings.DEFAULTS.verifySsl()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("backends")
    void aSelfSignedServerIsRejectedUnlessVerificationIsOff(String backend) throws Exception {
        String https = server.httpsBaseUrl() + "/test/json";
        String wss = server.wssBaseUrl() + "/test/ws/echo";
        try (BiliApiClient client = Reliability.newClient(backend, ClientSettings.DEFAULTS)) {
            assertThatThrownBy(() -> join(client.request(BiliApiRequest.get(https).build())))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(BiliClientException.class)
                    .hasMessageContaining("/test/json");
            assertThatThrownBy(() -> join(client.wsCreate(wss, Map.of(), Map.of(), Map.of())))
                    .isInstanceOf(ExecutionException.class).cause().isInstanceOf(BiliClientException.class);
            assertThat(server.requestCount("/test/json")).isZero();
            client.setVerifySsl(false);
            assertThat(join(client.request(BiliApiRequest.get(https).build())).code()).isEqualTo(200);
            int handle = join(client.wsCreate(wss, Map.of(), Map.of(), Map.of()));
            join(client.wsClose(handle));
            client.setVerifySsl(true); // and back on
            assertThatThrownBy(() -> join(client.request(BiliApiRequest.get(https).build())))
                    .cause().isInstanceOf(BiliClientException.class);
        }
        try (BiliApiClient insecure = Reliability.newClient(backend, ClientSettings.DEFAULTS.withVerifySsl(false)
                .withTimeout(Duration.ofSeconds(10)))) {
            assertThat(join(insecure.request(BiliApiRequest.get(https).build())).code()).isEqualTo(200);
        }
    }
}
