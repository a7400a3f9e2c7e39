package io.github.bilibiliapi.testapp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** The user's app started with a bad bilibili.* value: Boot's failure report names property, masked value, reason. */
@ExtendWith(OutputCaptureExtension.class)
class BadPropertiesTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "bilibili.request.timeout=-5|bilibili.request.timeout|\"-5s\"|timeout must not be negative",
        "bilibili.request.proxy=http://bob:hunter2@|bilibili.request.proxy|\"http://***@\"|no host",
        "bilibili.request.backend=jdk,bilibili.request.proxy=socks5://bob:hunter2@127.0.0.1:1080|bilibili.request.proxy"
                + "|\"socks5://***@127.0.0.1:1080\"|cannot use a SOCKS5 proxy",
        "bilibili.request.host-redirect.base-url=localhost:8080|bilibili.request.host-redirect.base-url"
                + "|\"localhost:8080\"|http(s)://host"})
    void aBadValueStopsStartupWithAReport(String properties, String property, String value, String reason,
            CapturedOutput output) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.NONE)
                .run(java.util.Arrays.stream(properties.split(",")).map(p -> "--" + p).toArray(String[]::new))
                .close()).isNotNull();
        assertThat(output).contains("APPLICATION FAILED TO START").contains("Property: " + property)
                .contains("Value: " + value).contains(reason).doesNotContain("hunter2");
    }

    @org.junit.jupiter.api.Test
    void anUnknownBackendStopsStartupNamingThePropertyAndTheChoices(CapturedOutput output) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.NONE)
                .run("--bilibili.request.backend=netty4").close()).isNotNull();
        // the recipe excludes OkHttp: the names this classpath offers are listed
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("bilibili.request.backend is 'netty4'").contains("Available: auto, jdk, webclient");
    }

    @org.junit.jupiter.api.Test
    void anSslBundleThatDoesNotExistStopsStartupNamingTheProperty(CapturedOutput output) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.NONE)
                .run("--bilibili.request.ssl.bundle=mine").close()).isNotNull();
        assertThat(output).contains("APPLICATION FAILED TO START")
                .contains("bilibili.request.ssl.bundle is 'mine', but")
                .contains("spring.ssl.bundle.jks.mine");
    }
}
