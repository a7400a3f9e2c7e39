package io.github.bilibiliapi.client.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProxySpecTest {

    @Test
    void blankMeansNoProxy() {
        assertThat(ProxySpec.parse(null)).isNull();
        assertThat(ProxySpec.parse("")).isNull();
        assertThat(ProxySpec.parse("   ")).isNull();
    }

    @Test
    void parsesEachKindWithDefaultPorts() {
        assertThat(ProxySpec.parse("http://proxy.local")).isEqualTo(
                new ProxySpec(ProxySpec.Type.HTTP, "proxy.local", 80, null, null));
        assertThat(ProxySpec.parse("https://proxy.local")).isEqualTo(
                new ProxySpec(ProxySpec.Type.HTTPS, "proxy.local", 443, null, null));
        assertThat(ProxySpec.parse("socks5://proxy.local")).isEqualTo(
                new ProxySpec(ProxySpec.Type.SOCKS5, "proxy.local", 1080, null, null));
        assertThat(ProxySpec.parse("SOCKS5H://10.0.0.1:9050/").type()).isEqualTo(ProxySpec.Type.SOCKS5);
        assertThat(ProxySpec.parse(" http://10.0.0.1:3128 ").port()).isEqualTo(3128);
        assertThat(ProxySpec.parse("http://[::1]:8080").host()).isEqualTo("::1");
    }

    @Test
    void decodesPercentEncodedCredentialsAndBuildsBasicAuthorization() {
        ProxySpec spec = ProxySpec.parse("http://bili%20user:p%40ss%3Aw+rd@127.0.0.1:8080");
        assertThat(spec.username()).isEqualTo("bili user");
        assertThat(spec.password()).isEqualTo("p@ss:w+rd"); // '+' is not a space in user info
        assertThat(spec.hasCredentials()).isTrue();
        String expected = "Basic " + Base64.getEncoder().encodeToString("bili user:p@ss:w+rd"
                .getBytes(StandardCharsets.UTF_8));
        assertThat(spec.basicAuthorization()).isEqualTo(expected);
        assertThat(ProxySpec.parse("http://user@h:1").password()).isEmpty();
        assertThat(ProxySpec.parse("http://h:1").basicAuthorization()).isNull();
    }

    @Test
    void neverPrintsThePassword() {
        ProxySpec spec = ProxySpec.parse("http://user:hunter2@h:1");
        assertThat(spec.toString()).isEqualTo("http://***@h:1").doesNotContain("hunter2");
        assertThat(ProxySpec.redact("socks5://u:hunter2@h:1")).isEqualTo("socks5://***@h:1");
        assertThat(ProxySpec.redact("http://h:1")).isEqualTo("http://h:1");
        assertThat(ProxySpec.redact(null)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://h:21", "h:8080", "http://", "http://h:1/path", "http://h:1 x", "socks4://h:1",
        "http://user:hunter2@"})
    void rejectsMalformedUrlsWithoutShowingThePassword(String url) {
        assertThatThrownBy(() -> ProxySpec.parse(url))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("roxy")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void convertsToJavaProxies() {
        assertThat(ProxySpec.parse("socks5://h:1080").toJavaProxy().type()).isEqualTo(Proxy.Type.SOCKS);
        assertThat(ProxySpec.parse("https://h:443").toJavaProxy().type()).isEqualTo(Proxy.Type.HTTP);
        assertThat(ProxySpec.parse("http://h:3128").address().isUnresolved()).isTrue();
        assertThat(ProxySpec.parse("http://h:3128").address().getPort()).isEqualTo(3128);
    }
}
