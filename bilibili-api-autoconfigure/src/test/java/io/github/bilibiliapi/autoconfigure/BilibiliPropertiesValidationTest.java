package io.github.bilibiliapi.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bilibiliapi.client.BiliApiClient;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

/**
 * A bad {@code bilibili.*} value fails startup with Boot's "APPLICATION FAILED TO START" report naming the property,
 * the value (masked when it may hold a secret) and the reason, not with a stack of bean creation errors.
 */
@ExtendWith(OutputCaptureExtension.class)
class BilibiliPropertiesValidationTest {

    @Configuration(proxyBeanMethods = false)
    @ImportAutoConfiguration(BilibiliAutoConfiguration.class)
    static class App {
    }

    static Stream<Arguments> badValues() {
        return Stream.of(
                Arguments.of("bilibili.request.timeout=-1", "bilibili.request.timeout", "\"-1s\"",
                        "timeout must not be negative (zero means no deadline)"),
                Arguments.of("bilibili.request.proxy=ftp://proxy.example:21", "bilibili.request.proxy",
                        "\"ftp://proxy.example:21\"", "Unsupported proxy scheme"),
                Arguments.of("bilibili.request.proxy=http://user:s3cret@:3128", "bilibili.request.proxy",
                        "\"http://***@:3128\"", "Proxy URL has no host"),
                Arguments.of("bilibili.request.host-redirect.base-url=ftp://fake", "bilibili.request.host-redirect"
                        + ".base-url", "\"ftp://fake\"", "must be http(s)://host"),
                Arguments.of("bilibili.request.wbi-retry-times=-2", "bilibili.request.wbi-retry-times", "\"-2\"",
                        "must be 0 or more"),
                Arguments.of("bilibili.request.wbi-key-ttl=0", "bilibili.request.wbi-key-ttl", "\"0s\"",
                        "must be positive"),
                Arguments.of("bilibili.metrics.max-uri-tags=0", "bilibili.metrics.max-uri-tags", "\"0\"",
                        "must be positive"));
    }

    @ParameterizedTest
    @MethodSource("badValues")
    void aBadValueFailsStartupWithAReportNamingIt(String property, String name, String shownValue, String reason,
            CapturedOutput output) {
        assertThatThrownBy(() -> start(property)).isNotNull();
        assertThat(output).contains("APPLICATION FAILED TO START").contains("Property: " + name)
                .contains("Value: " + shownValue).contains(reason);
        assertThat(output).doesNotContain("s3cret");
    }

    @Test
    void aSocksProxyOnTheJdkBackendFailsStartup(CapturedOutput output) {
        assertThatThrownBy(() -> start("bilibili.request.backend=jdk",
                "bilibili.request.proxy=socks5://user:pw0rd@127.0.0.1:1080")).isNotNull();
        assertThat(output).contains("APPLICATION FAILED TO START").contains("Property: bilibili.request.proxy")
                .contains("Value: \"socks5://***@127.0.0.1:1080\"").contains("jdk backend").doesNotContain("pw0rd");
    }

    @Test
    void aSocksProxyIsFineOnOkHttp() {
        try (ConfigurableApplicationContext context = start("bilibili.request.backend=okhttp",
                "bilibili.request.proxy=socks5://127.0.0.1:1080")) {
            assertThat(context.getBean(BiliApiClient.class).settings().proxy()).isEqualTo("socks5://127.0.0.1:1080");
        }
    }

    @Test
    void aZeroTimeoutMeansNoDeadline(CapturedOutput output) {
        try (ConfigurableApplicationContext context = start("bilibili.request.timeout=0")) {
            assertThat(context.getBean(BiliApiClient.class).settings().hasTimeout()).isFalse();
            assertThat(context.getBean(BilibiliClientReport.class).timeout()).isEqualTo("none (no deadline)");
        }
        assertThat(output).contains("timeout=none (no deadline)");
    }

    @Test
    void aDurationWithoutUnitIsSeconds() {
        try (ConfigurableApplicationContext context = start("bilibili.request.timeout=10",
                "bilibili.request.wbi-key-ttl=90")) {
            assertThat(context.getBean(BiliApiClient.class).settings().timeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(context.getBean(BilibiliProperties.class).getRequest().getWbiKeyTtl())
                    .isEqualTo(Duration.ofSeconds(90));
        }
        try (ConfigurableApplicationContext context = start("bilibili.request.timeout=500ms")) {
            assertThat(context.getBean(BiliApiClient.class).settings().timeout()).isEqualTo(Duration.ofMillis(500));
        }
    }

    private static ConfigurableApplicationContext start(String... properties) {
        return new SpringApplicationBuilder(App.class).web(WebApplicationType.NONE).properties(properties)
                .properties("spring.main.banner-mode=off").run();
    }
}
