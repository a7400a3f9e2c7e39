package io.github.bilibiliapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bilibiliapi.client.support.UriEncoding;
import io.github.bilibiliapi.test.FakeBilibiliServer;
import io.github.bilibiliapi.test.TestCertificate;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.LoopResources;
import tools.jackson.databind.JsonNode;

/**
 * Conformance of a {@link BiliApiClient} backend, one concern. Redirects: followed only when the request allows
 * them, by one rule set for every backend. Run it alone by extending this class and supplying the hooks of {@link
 * ConformanceKit}, or run every concern with {@link BiliApiClientConformanceTest}.
 */
public abstract class RedirectConformance extends ConformanceKit {

    @Test
    void redirectsAreFollowedOnlyWhenAllowed() {
        BiliApiClient client = newClient();
        String url = http("/test/redirect?to=" + UriEncoding.encodeComponent("/test/echo?after=1"));
        BiliApiResponse notFollowed = result(client.request(BiliApiRequest.get(url).build()));
        assertThat(notFollowed.code()).isEqualTo(302);
        assertThat(notFollowed.header("Location")).isEqualTo("/test/echo?after=1");
        assertThat(server.requestCount("/test/echo")).isZero();

        BiliApiResponse followed = result(client.request(BiliApiRequest.get(url).allowRedirects(true).build()));
        assertThat(followed.code()).isEqualTo(200);
        assertThat(followed.url()).isEqualTo(http("/test/echo?after=1"));
        assertThat(text(followed.json(), "rawQuery")).isEqualTo("after=1");

        // and the default is still "not followed" afterwards
        assertThat(result(client.request(BiliApiRequest.get(url).build())).code()).isEqualTo(302);
    }

    /** A second fake on another port: the "other port" origin. */
    private FakeBilibiliServer other;
    private LoopResources hopLoops;
    private DisposableServer hops;

    @BeforeAll
    void startOtherServers() {
        other = FakeBilibiliServer.start();
        hopLoops = LoopResources.create("conformance-hops", 1, true);
        // /hops/N redirects to /hops/N-1 until /hops/0 answers
        hops = HttpServer.create().host("127.0.0.1").port(0).runOn(hopLoops)
                .route(routes -> routes.get("/hops/{n}", (req, res) -> {
                    int n = Integer.parseInt(req.param("n"));
                    return n == 0 ? res.sendString(Mono.just("arrived"))
                            : res.status(302).header("Location", "/hops/" + (n - 1)).send();
                }))
                .bindNow();
    }

    @AfterAll
    void stopOtherServers() {
        if (hops != null) {
            hops.disposeNow();
        }
        if (hopLoops != null) {
            hopLoops.disposeLater().block(Duration.ofSeconds(10));
        }
        if (other != null) {
            other.close();
        }
    }

    /**
     * TLS material that trusts exactly the fake's self-signed certificate.
     *
     * @return the trust
     */
    protected static ClientTls trustingTheFake() {
        try {
            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("fake-bilibili", TestCertificate.certificate());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trusted);
            return ClientTls.trusting(factory);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Where a redirect goes, seen from {@code http://127.0.0.1:<port>}. */
    enum Target { SAME_ORIGIN, OTHER_HOST, OTHER_PORT, HTTPS }

    private String target(Target target) {
        return switch (target) {
            case SAME_ORIGIN -> server.httpBaseUrl() + "/test/echo?hop=1";
            case OTHER_HOST -> "http://localhost:" + server.port() + "/test/echo?hop=1";
            case OTHER_PORT -> other.httpBaseUrl() + "/test/echo?hop=1";
            case HTTPS -> server.httpsBaseUrl() + "/test/echo?hop=1";
        };
    }

    Stream<Arguments> matrix() {
        return Stream.of(301, 302, 303, 307, 308).flatMap(status -> Stream.of(Target.values())
                .flatMap(target -> Stream.of("GET", "POST", "PUT").map(method -> Arguments.of(status, target, method))));
    }

    @ParameterizedTest(name = "{0} {2} to {1}")
    @MethodSource("matrix")
    void theRedirectMatrix(int status, Target target, String method) {
        BiliApiClient client = newClient(ClientSettings.DEFAULTS.withTls(trustingTheFake()), null);
        String to = target(target);
        BiliApiRequest.Builder request = BiliApiRequest.builder(method, http("/test/redirect"))
                .param("to", to).param("status", Integer.toString(status)).allowRedirects(true)
                .header("Authorization", "Bearer secret-token").header("Proxy-Authorization", "Basic cHJveHk=")
                .header("X-Kept", "kept").cookie("SESSDATA", "sess%2C1");
        if (!method.equals("GET")) {
            request.formField("a", "1");
        }
        BiliApiResponse response = result(client.request(request.build()));

        assertThat(response.code()).isEqualTo(200);
        assertThat(response.url()).isEqualTo(to);
        JsonNode echo = response.json();
        // 303, and 301/302 after a POST, become a GET without body; 307/308 (and 301/302 of other methods) keep both
        boolean toGet = status == 303 || (status == 301 || status == 302) && method.equals("POST");
        String expectedMethod = toGet ? "GET" : method;
        assertThat(text(echo, "method")).isEqualTo(expectedMethod);
        if (expectedMethod.equals("GET")) {
            assertThat(echo.get("bodyLength").asLong()).isZero();
            assertThat(echo.get("headers").has("content-type")).isFalse();
        } else {
            assertThat(text(echo, "bodyText")).isEqualTo("a=1");
            assertThat(text(echo, "contentType")).startsWith("application/x-www-form-urlencoded");
        }
        JsonNode headers = echo.get("headers");
        assertThat(headers.get("x-kept").get(0).asString()).isEqualTo("kept");
        if (target == Target.SAME_ORIGIN) {
            assertThat(headers.get("cookie").get(0).asString()).isEqualTo("SESSDATA=sess%2C1");
            assertThat(headers.get("authorization").get(0).asString()).isEqualTo("Bearer secret-token");
        } else {
            // (a library may keep Proxy-Authorization to itself even on the same origin: only its absence is checked)
            for (String credential : List.of("cookie", "authorization", "proxy-authorization")) {
                assertThat(headers.has(credential)).as("%s after a redirect to %s", credential, target).isFalse();
            }
        }
        assertThat(server.requestCount("/test/redirect")).isEqualTo(1);
    }

    @Test
    void httpsToHttpIsRefusedUnlessTheSettingsAllowIt() {
        String url = server.httpsBaseUrl() + "/test/redirect?to="
                + UriEncoding.encodeComponent(server.httpBaseUrl() + "/test/echo");
        BiliApiRequest request = BiliApiRequest.get(url).allowRedirects(true).cookie("SESSDATA", "sess")
                .header("Authorization", "Bearer secret-token").build();
        BiliApiClient strict = newClient(ClientSettings.DEFAULTS.withTls(trustingTheFake()), null);
        assertThatThrownBy(() -> result(strict.request(request))).isInstanceOf(BiliClientException.class)
                .hasMessageContaining("https to http").hasMessageContaining("/test/redirect");
        assertThat(server.requestCount("/test/echo")).isZero();

        BiliApiClient lenient = newClient(ClientSettings.DEFAULTS.withTls(trustingTheFake())
                .withHttpsToHttpRedirects(true), null);
        BiliApiResponse response = result(lenient.request(request));
        assertThat(response.url()).isEqualTo(server.httpBaseUrl() + "/test/echo");
        JsonNode headers = response.json().get("headers");
        assertThat(headers.has("cookie")).isFalse();
        assertThat(headers.has("authorization")).isFalse();
    }

    @Test
    void atMostTwentyRedirectsAreFollowed() {
        BiliApiClient client = newClient();
        String base = "http://127.0.0.1:" + hops.port() + "/hops/";
        BiliApiResponse twenty = result(client.request(BiliApiRequest.get(base + "20").allowRedirects(true).build()));
        assertThat(twenty.code()).isEqualTo(200);
        assertThat(twenty.utf8Text()).isEqualTo("arrived");
        assertThat(twenty.url()).isEqualTo(base + "0");

        assertThatThrownBy(() -> result(client.request(BiliApiRequest.get(base + "21").allowRedirects(true).build())))
                .isInstanceOf(BiliClientException.class).hasMessageContaining("more than 20 redirects");
    }

    @Test
    void aLocationThatIsNotHttpIsTheAnswer() {
        BiliApiResponse response = result(newClient().request(BiliApiRequest.get(http("/test/redirect"))
                .param("to", "ftp://127.0.0.1/file").allowRedirects(true).build()));
        assertThat(response.code()).isEqualTo(302);
        assertThat(response.header("Location")).isEqualTo("ftp://127.0.0.1/file");
    }

    @Test
    void theDeadlineCoversEveryHop() {
        Duration timeout = Duration.ofSeconds(1);
        BiliApiClient client = newClient(ClientSettings.DEFAULTS.withTimeout(timeout), null);
        long start = System.nanoTime();
        CompletableFuture<BiliApiResponse> call = client.request(BiliApiRequest.get(http("/test/redirect"))
                .param("to", "/test/delay?ms=8000").allowRedirects(true).build());
        assertThatThrownBy(() -> result(call)).isInstanceOf(BiliTimeoutException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(timeout.plusSeconds(1));
        assertThat(server.requestCount("/test/delay")).isEqualTo(1);
    }
}
