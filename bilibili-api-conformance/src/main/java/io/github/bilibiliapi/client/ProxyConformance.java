package io.github.bilibiliapi.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bilibiliapi.test.ForwardProxyServer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Conformance of a {@link BiliApiClient} backend, one concern. Proxies: explicit HTTP proxies, CONNECT tunnels,
 * credentials, the environment, user sessions. Run it alone by extending this class and supplying the hooks of
 * {@link ConformanceKit}, or run every concern with {@link BiliApiClientConformanceTest}.
 */
public abstract class ProxyConformance extends ConformanceKit {

    @Test
    void httpProxyUrlIsHonouredAndCanBeChangedOnTheLiveClient() {
        ForwardProxyServer proxy = startProxy();
        BiliApiClient client = newClient(ClientSettings.DEFAULTS.withProxy(proxy.proxyUrl()), null);
        String url = http("/test/echo?via=proxy");
        assertThat(result(client.request(BiliApiRequest.get(url).build())).code()).isEqualTo(200);
        assertThat(proxy.forwardedCount()).isEqualTo(1);
        assertThat(proxy.forwardedTargets()).containsExactly(url);

        client.setProxy("");
        assertThat(result(client.request(BiliApiRequest.get(url).build())).code()).isEqualTo(200);
        assertThat(proxy.forwardedCount()).isEqualTo(1);
        assertThat(server.requestCount("/test/echo")).isEqualTo(2);
    }

    @Test
    void httpsAndWssGoThroughAConnectTunnel() {
        ForwardProxyServer proxy = startProxy();
        BiliApiClient client = newClient(ClientSettings.DEFAULTS.withProxy(proxy.proxyUrl()).withVerifySsl(false),
                null);
        assertThat(result(client.request(BiliApiRequest.get(server.httpsBaseUrl() + "/test/json").build())).code())
                .isEqualTo(200);
        assertThat(proxy.tunnelTargets()).contains("127.0.0.1:" + server.httpsPort());

        int handle = result(client.wsCreate(server.wssBaseUrl() + "/test/ws/echo", Map.of(), Map.of(), Map.of()));
        result(client.wsSend(handle, bytes("tunnelled")));
        assertThat(result(client.wsRecv(handle)).text()).isEqualTo("tunnelled");
        result(client.wsClose(handle));
        assertThat(proxy.forwardedCount()).isZero();
        assertThat(proxy.tunnelCount()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void proxyCredentialsAreSentAndTheirAbsenceGivesA407() {
        ForwardProxyServer proxy = startProxy().requireCredentials("bili user", "p@ss:w0rd");
        String withCredentials = "http://bili%20user:p%40ss%3Aw0rd@127.0.0.1:" + proxy.port();
        BiliApiClient client = newClient(ClientSettings.DEFAULTS.withProxy(withCredentials).withVerifySsl(false),
                null);
        assertThat(result(client.request(BiliApiRequest.get(http("/test/json")).build())).code()).isEqualTo(200);
        assertThat(proxy.forwardedCount()).isEqualTo(1);
        // and through a CONNECT tunnel
        assertThat(result(client.request(BiliApiRequest.get(server.httpsBaseUrl() + "/test/json").build())).code())
                .isEqualTo(200);
        assertThat(proxy.tunnelCount()).isEqualTo(1);

        BiliApiClient anonymous = newClient(ClientSettings.DEFAULTS.withProxy(proxy.proxyUrl()), null);
        long rejected = proxy.rejectedCount();
        assertThat(result(anonymous.request(BiliApiRequest.get(http("/test/json")).build())).code())
                .isEqualTo(407);
        assertThat(proxy.rejectedCount()).isGreaterThan(rejected);
        assertThat(proxy.forwardedCount()).isEqualTo(1);
        assertThat(client.settings().toString()).doesNotContain("p%40ss").doesNotContain("w0rd");
    }

    @Test
    void trustEnvHonoursJvmProxyPropertiesOnlyWhenOn() {
        ForwardProxyServer proxy = startProxy();
        Map<String, String> saved = new LinkedHashMap<>();
        for (String key : List.of("http.proxyHost", "http.proxyPort", "http.nonProxyHosts")) {
            saved.put(key, System.getProperty(key));
        }
        try {
            System.setProperty("http.proxyHost", proxy.host());
            System.setProperty("http.proxyPort", String.valueOf(proxy.port()));
            System.clearProperty("http.nonProxyHosts");
            BiliApiClient trusting = newClient(ClientSettings.DEFAULTS.withTrustEnv(true), null);
            assertThat(result(trusting.request(BiliApiRequest.get(http("/test/json")).build())).code())
                    .isEqualTo(200);
            assertThat(proxy.forwardedCount()).isEqualTo(1);

            BiliApiClient ignoring = newClient(ClientSettings.DEFAULTS.withTrustEnv(false), null);
            assertThat(result(ignoring.request(BiliApiRequest.get(http("/test/json")).build())).code())
                    .isEqualTo(200);
            assertThat(proxy.forwardedCount()).isEqualTo(1);

            trusting.setTrustEnv(false);
            assertThat(result(trusting.request(BiliApiRequest.get(http("/test/json")).build())).code())
                    .isEqualTo(200);
            assertThat(proxy.forwardedCount()).isEqualTo(1);
            assertThat(server.requestCount("/test/json")).isEqualTo(3);
        } finally {
            saved.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
        }
    }

    @Test
    void userSessionIgnoresTheProxySettingUntilASettingChanges() {
        ForwardProxyServer proxy = startProxy();
        Object session = userSession();
        BiliApiClient client = newClient(ClientSettings.DEFAULTS.withProxy(proxy.proxyUrl()), session);
        assertThat(result(client.request(BiliApiRequest.get(http("/test/json")).build())).code()).isEqualTo(200);
        assertThat(proxy.forwardedCount()).isZero();

        client.setTimeout(Duration.ofSeconds(20));
        assertThat(result(client.request(BiliApiRequest.get(http("/test/json")).build())).code()).isEqualTo(200);
        assertThat(proxy.forwardedCount()).isEqualTo(1);
    }
}
