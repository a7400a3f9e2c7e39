package io.github.bilibiliapi.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class HostRedirectTest {

    @Test
    void rewritesSchemeHostAndPortOfBilibiliHostsOnly() {
        HostRedirect r = HostRedirect.to("http://127.0.0.1:8080");
        assertThat(r.apply("https://api.bilibili.com/x/web-interface/nav"))
                .isEqualTo("http://127.0.0.1:8080/x/web-interface/nav");
        assertThat(r.apply("https://API.live.bilibili.com/room/v1/Room/room_init?id=1"))
                .isEqualTo("http://127.0.0.1:8080/room/v1/Room/room_init?id=1");
        assertThat(r.apply("https://www.bilibili.com")).isEqualTo("http://127.0.0.1:8080/");
        assertThat(r.apply("https://example.com/x")).isEqualTo("https://example.com/x");
        assertThat(r.apply("https://i0.hdslb.com/bfs/x.png")).isEqualTo("https://i0.hdslb.com/bfs/x.png");
    }

    @Test
    void webSocketsFollowTheBaseScheme() {
        assertThat(HostRedirect.to("http://localhost:9").apply("wss://zj-cn-live-comet.chat.bilibili.com:2245/sub"))
                .isEqualTo("ws://localhost:9/sub");
        assertThat(HostRedirect.to("https://gw.example").apply("ws://broadcastlv.chat.hdslb.com:2244/sub"))
                .isEqualTo("wss://gw.example/sub");
    }

    @Test
    void basePathIsPrefixed() {
        assertThat(HostRedirect.to("http://gw:81/bili/").apply("https://space.bilibili.com/1?x=1"))
                .isEqualTo("http://gw:81/bili/1?x=1");
    }

    @Test
    void customPatternsAndNone() {
        HostRedirect r = HostRedirect.to("http://h:1", List.of("*.example.org"));
        assertThat(r.matches("a.example.org")).isTrue();
        assertThat(r.matches("example.org")).isFalse();
        assertThat(r.matches("api.bilibili.com")).isFalse();
        assertThat(HostRedirect.none().apply("https://api.bilibili.com/x")).isEqualTo("https://api.bilibili.com/x");
        assertThat(HostRedirect.none().isEnabled()).isFalse();
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> HostRedirect.to("ftp://x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("base URL");
        assertThatThrownBy(() -> HostRedirect.to("http://x/?q=1")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> HostRedirect.to("http://x", List.of("a*.b"))).isInstanceOf(
                IllegalArgumentException.class).hasMessageContaining("pattern");
    }

    @Test
    void settingsValidate() {
        assertThat(RequestSettings.DEFAULTS.wbiRetryTimes()).isEqualTo(3);
        assertThat(RequestSettings.DEFAULTS.enableAutoBuvid()).isTrue();
        assertThat(RequestSettings.DEFAULTS.enableBiliTicket()).isFalse();
        assertThat(RequestSettings.builder().redirectTo("http://h:2").build().hostRedirect().isEnabled()).isTrue();
        assertThatThrownBy(() -> RequestSettings.builder().wbiRetryTimes(-1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wbiRetryTimes");
        assertThatThrownBy(() -> RequestSettings.builder().wbiKeyTtl(java.time.Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wbiKeyTtl");
    }
}
