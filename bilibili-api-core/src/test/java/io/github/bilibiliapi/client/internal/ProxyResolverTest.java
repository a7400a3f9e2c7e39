package io.github.bilibiliapi.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bilibiliapi.client.ClientSettings;
import io.github.bilibiliapi.client.support.ProxySpec;
import java.net.Proxy;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class ProxyResolverTest {

    private final Map<String, String> env = new HashMap<>();
    private final Properties props = new Properties();

    private ProxyResolver resolver(ClientSettings settings) {
        return new ProxyResolver(settings, env::get, props);
    }

    private ProxySpec resolve(String url) {
        return resolver(ClientSettings.DEFAULTS).resolve(URI.create(url));
    }

    @Test
    void explicitProxyWinsOverEverything() {
        env.put("HTTPS_PROXY", "http://env:1");
        ProxyResolver r = resolver(ClientSettings.DEFAULTS.withProxy("socks5://explicit:1080").withTrustEnv(false));
        assertThat(r.resolve(URI.create("https://api.bilibili.com/x")).host()).isEqualTo("explicit");
        assertThat(r.explicitProxy().type()).isEqualTo(ProxySpec.Type.SOCKS5);
        assertThat(r.alwaysDirect()).isFalse();
    }

    @Test
    void trustEnvOffIgnoresEnvironmentAndProperties() {
        env.put("http_proxy", "http://env:1");
        props.setProperty("http.proxyHost", "prop");
        ProxyResolver r = resolver(ClientSettings.DEFAULTS.withTrustEnv(false));
        assertThat(r.resolve(URI.create("http://h/"))).isNull();
        assertThat(r.alwaysDirect()).isTrue();
    }

    @Test
    void schemeSelectsTheVariableAndWebSocketsCountAsHttp() {
        env.put("http_proxy", "http://plain:1");
        env.put("https_proxy", "http://secure:2");
        assertThat(resolve("http://h/").host()).isEqualTo("plain");
        assertThat(resolve("ws://h/").host()).isEqualTo("plain");
        assertThat(resolve("https://h/").host()).isEqualTo("secure");
        assertThat(resolve("wss://h/").host()).isEqualTo("secure");
    }

    @Test
    void lowerCaseFirstThenUpperCaseThenAllProxy() {
        env.put("HTTP_PROXY", "http://upper:1");
        assertThat(resolve("http://h/").host()).isEqualTo("upper");
        env.put("http_proxy", "http://lower:1");
        assertThat(resolve("http://h/").host()).isEqualTo("lower");
        env.put("ALL_PROXY", "socks5://all:1080");
        assertThat(resolve("https://h/").type()).isEqualTo(ProxySpec.Type.SOCKS5);
        env.put("https_proxy", "  ");
        assertThat(resolve("https://h/").host()).isEqualTo("all"); // blank counts as unset
    }

    @Test
    void aVariableWithoutSchemeIsAnHttpProxy() {
        env.put("http_proxy", "corp-proxy:3128");
        assertThat(resolve("http://h/")).isEqualTo(new ProxySpec(ProxySpec.Type.HTTP, "corp-proxy", 3128, null, null));
    }

    @Test
    void noProxyFollowsCurlRules() {
        env.put("https_proxy", "http://p:1");
        env.put("NO_PROXY", "bilibili.com, .hdslb.com,localhost:8443,[::1]");
        assertThat(resolve("https://bilibili.com/")).isNull();
        assertThat(resolve("https://api.bilibili.com/")).isNull();
        assertThat(resolve("https://i0.hdslb.com/")).isNull();
        assertThat(resolve("https://notbilibili.com/")).isNotNull();
        assertThat(resolve("https://localhost:8443/")).isNull();
        assertThat(resolve("https://localhost/")).isNotNull(); // other port
        assertThat(resolve("https://[::1]/")).isNull();
        env.put("no_proxy", "*");
        assertThat(resolve("https://anything/")).isNull();
    }

    @Test
    void jvmPropertiesApplyWhenNoVariableIsSet() {
        props.setProperty("http.proxyHost", "jvm-http");
        props.setProperty("http.proxyPort", "8080");
        props.setProperty("https.proxyHost", "jvm-https");
        props.setProperty("http.nonProxyHosts", "*.internal|localhost");
        assertThat(resolve("http://h/")).isEqualTo(new ProxySpec(ProxySpec.Type.HTTP, "jvm-http", 8080, null, null));
        assertThat(resolve("https://h/").host()).isEqualTo("jvm-https");
        assertThat(resolve("https://h/").port()).isEqualTo(443);
        assertThat(resolve("http://db.internal/")).isNull();
        assertThat(resolve("https://localhost/")).isNull();

        env.put("http_proxy", "http://env:1");
        assertThat(resolve("http://h/").host()).isEqualTo("env"); // variables first
    }

    @Test
    void socksPropertiesAreTheFallback() {
        props.setProperty("socksProxyHost", "socks");
        assertThat(resolve("https://h/")).isEqualTo(new ProxySpec(ProxySpec.Type.SOCKS5, "socks", 1080, null, null));
        props.setProperty("socksProxyPort", "nope");
        assertThatThrownBy(() -> resolve("https://h/")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope");
    }

    @Test
    void proxySelectorAnswersFromTheResolver() {
        env.put("https_proxy", "http://p:3128");
        var selector = resolver(ClientSettings.DEFAULTS).asProxySelector();
        List<Proxy> secure = selector.select(URI.create("https://h/"));
        assertThat(secure).hasSize(1);
        assertThat(secure.get(0).type()).isEqualTo(Proxy.Type.HTTP);
        assertThat(selector.select(URI.create("http://h/"))).containsExactly(Proxy.NO_PROXY);
        assertThat(selector.toString()).startsWith("ProxyResolver");
    }
}
