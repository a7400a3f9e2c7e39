package io.github.bilibiliapi.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Conformance of a {@link BiliApiClient} backend, one concern. TLS: verification on and off, per client and switched
 * on a live client. Run it alone by extending this class and supplying the hooks of {@link ConformanceKit}, or run
 * every concern with {@link BiliApiClientConformanceTest}.
 */
public abstract class TlsConformance extends ConformanceKit {

    @Test
    void httpsIsRejectedWhileVerifyingAndAcceptedWhenNot() {
        String url = server.httpsBaseUrl() + "/test/json";
        BiliApiClient verifying = newClient();
        assertThatThrownBy(() -> result(verifying.request(BiliApiRequest.get(url).build())))
                .isInstanceOf(BiliClientException.class).hasMessageContaining("/test/json");

        BiliApiClient trusting = newClient(ClientSettings.DEFAULTS.withVerifySsl(false), null);
        assertThat(result(trusting.request(BiliApiRequest.get(url).build())).code()).isEqualTo(200);

        // per client: the verifying one still verifies
        assertThatThrownBy(() -> result(verifying.request(BiliApiRequest.get(url).build())))
                .isInstanceOf(BiliClientException.class);

        // and a setter switches it on the live client
        verifying.setVerifySsl(false);
        assertThat(result(verifying.request(BiliApiRequest.get(url).build())).code()).isEqualTo(200);
        trusting.setVerifySsl(true);
        assertThatThrownBy(() -> result(trusting.request(BiliApiRequest.get(url).build())))
                .isInstanceOf(BiliClientException.class);
    }

    @Test
    void wssIsRejectedWhileVerifyingAndAcceptedWhenNot() {
        String url = server.wssBaseUrl() + "/test/ws/echo";
        BiliApiClient verifying = newClient();
        assertThatThrownBy(() -> result(verifying.wsCreate(url, Map.of(), Map.of(), Map.of())))
                .isInstanceOf(BiliClientException.class);

        BiliApiClient trusting = newClient(ClientSettings.DEFAULTS.withVerifySsl(false), null);
        int handle = result(trusting.wsCreate(url, Map.of(), Map.of(), Map.of()));
        result(trusting.wsSend(handle, bytes("over tls")));
        assertThat(result(trusting.wsRecv(handle)).data()).isEqualTo(bytes("over tls"));
        result(trusting.wsClose(handle));
    }

    @Test
    void clientTlsTrustsTheGivenCertificatesForHttpsAndWss() {
        ClientTls trust = RedirectConformance.trustingTheFake();
        BiliApiClient client = newClient(ClientSettings.DEFAULTS.withTls(trust), null);
        assertThat(client.settings().verifySsl()).isTrue();
        assertThat(result(client.request(BiliApiRequest.get(server.httpsBaseUrl() + "/test/json").build())).code())
                .isEqualTo(200);
        int handle = result(client.wsCreate(server.wssBaseUrl() + "/test/ws/echo", Map.of(), Map.of(), Map.of()));
        result(client.wsSend(handle, bytes("trusted")));
        assertThat(result(client.wsRecv(handle)).text()).isEqualTo("trusted");
        result(client.wsClose(handle));

        // without it the same certificate is refused: the trust came from the setting
        BiliApiClient plain = newClient(ClientSettings.DEFAULTS.withTls(ClientTls.JVM_DEFAULT), null);
        assertThatThrownBy(() -> result(plain.request(BiliApiRequest.get(server.httpsBaseUrl() + "/test/json")
                .build()))).isInstanceOf(BiliClientException.class).hasMessageContaining("/test/json");
        assertThat(client.settings().toString()).contains("tls=ClientTls[");
    }
}
