package io.github.bilibiliapi.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiRequest;
import io.github.bilibiliapi.client.BiliClientException;
import io.github.bilibiliapi.client.BiliTimeoutException;
import io.github.bilibiliapi.client.ClientSettings;
import io.github.bilibiliapi.test.FakeBilibiliServer;
import io.github.bilibiliapi.test.ForwardProxyServer;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.unit.DataSize;

/**
 * {@code bilibili.request.*} reaching the client of each backend: proxy, timeout, verify-ssl, max-response-bytes,
 * forced backend.
 */
class BilibiliClientPropertiesTest {

    private static FakeBilibiliServer server;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BilibiliAutoConfiguration.class));

    @BeforeAll
    static void startFake() {
        server = FakeBilibiliServer.start();
    }

    @AfterAll
    static void stopFake() {
        server.close();
    }

    static Iterable<String> backends() {
        return TestBackends.all();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aForcedBackendIsUsed(String backend) {
        runner.withPropertyValues("bilibili.request.backend=" + backend)
                .run(context -> assertThat(context.getBean(BiliApiClient.class).backendName()).isEqualTo(backend));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void theProxyPropertyIsHonoured(String backend) {
        try (ForwardProxyServer proxy = ForwardProxyServer.start()) {
            runner.withPropertyValues("bilibili.request.backend=" + backend,
                    "bilibili.request.proxy=" + proxy.proxyUrl()).run(context -> {
                        BiliApiClient client = context.getBean(BiliApiClient.class);
                        assertThat(client.settings().proxy()).isEqualTo(proxy.proxyUrl());
                        long before = server.requestCount("/test/echo");
                        int status = client.request(BiliApiRequest.get(server.httpBaseUrl() + "/test/echo").build())
                                .join().code();
                        assertThat(status).isEqualTo(200);
                        assertThat(proxy.forwardedCount()).isEqualTo(1);
                        assertThat(server.requestCount("/test/echo")).isEqualTo(before + 1);
                    });
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void theTimeoutPropertyFires(String backend) {
        runner.withPropertyValues("bilibili.request.backend=" + backend, "bilibili.request.timeout=300ms")
                .run(context -> {
                    BiliApiClient client = context.getBean(BiliApiClient.class);
                    assertThat(client.settings().timeout()).isEqualTo(Duration.ofMillis(300));
                    assertThatThrownBy(() -> client.request(BiliApiRequest.get(server.httpBaseUrl()
                            + "/test/delay?ms=10000").build()).join())
                            .isInstanceOf(CompletionException.class).hasCauseInstanceOf(BiliTimeoutException.class);
                });
    }

    @ParameterizedTest
    @MethodSource("backends")
    void verifySslFalseAcceptsTheFakesSelfSignedCertificateAndTheDefaultRejectsIt(String backend) {
        String url = server.httpsBaseUrl() + "/test/echo";
        runner.withPropertyValues("bilibili.request.backend=" + backend).run(context -> {
            BiliApiClient client = context.getBean(BiliApiClient.class);
            assertThatThrownBy(() -> client.request(BiliApiRequest.get(url).build()).join())
                    .isInstanceOf(CompletionException.class).hasCauseInstanceOf(BiliClientException.class);
        });
        runner.withPropertyValues("bilibili.request.backend=" + backend, "bilibili.request.verify-ssl=false")
                .run(context -> {
                    BiliApiClient client = context.getBean(BiliApiClient.class);
                    assertThat(client.settings().verifySsl()).isFalse();
                    assertThat(client.request(BiliApiRequest.get(url).build()).join().code()).isEqualTo(200);
                });
    }

    @ParameterizedTest
    @MethodSource("backends")
    void aMalformedProxyFailsStartupNamingTheValue(String backend) {
        runner.withPropertyValues("bilibili.request.backend=" + backend, "bilibili.request.proxy=ftp://nope:1")
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("ftp://nope:1"));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void maxResponseBytesCapsTheBodyOverARealSocket(String backend) {
        runner.withPropertyValues("bilibili.request.backend=" + backend, "bilibili.request.max-response-bytes=1KB")
                .run(context -> {
                    BiliApiClient client = context.getBean(BiliApiClient.class);
                    assertThat(client.settings().maxResponseBytes()).isEqualTo(1024);
                    // exactly the cap is still read
                    assertThat(client.request(BiliApiRequest.get(server.httpBaseUrl() + "/test/bytes?n=1024")
                            .build()).join().raw()).hasSize(1024);
                    assertThatThrownBy(() -> client.request(BiliApiRequest.get(server.httpBaseUrl()
                            + "/test/bytes?n=4096").build()).join())
                            .isInstanceOf(CompletionException.class).cause()
                            .isExactlyInstanceOf(BiliClientException.class)
                            .hasMessageContaining("/test/bytes")
                            .hasMessageContaining("larger than the cap of 1024 bytes");
                });
    }

    @Test
    void maxResponseBytesDefaultsToTheLibrarysCap() {
        runner.run(context -> assertThat(context.getBean(BiliApiClient.class).settings().maxResponseBytes())
                .isEqualTo(ClientSettings.DEFAULTS.maxResponseBytes()));
        // the default documented in the metadata ("64MB") is that value
        assertThat(DataSize.parse("64MB").toBytes()).isEqualTo(ClientSettings.DEFAULTS.maxResponseBytes());
    }

    @Test
    void maxResponseBytesTakesADataSize() {
        runner.withPropertyValues("bilibili.request.max-response-bytes=8MB").run(context -> {
            assertThat(context.getBean(BilibiliProperties.class).getRequest().getMaxResponseBytes())
                    .isEqualTo(DataSize.ofMegabytes(8));
            assertThat(context.getBean(BiliApiClient.class).settings().maxResponseBytes()).isEqualTo(8 * 1024 * 1024);
        });
        // a bare number is bytes; the largest accepted value is Integer.MAX_VALUE bytes
        runner.withPropertyValues("bilibili.request.max-response-bytes=" + Integer.MAX_VALUE)
                .run(context -> assertThat(context.getBean(BiliApiClient.class).settings().maxResponseBytes())
                        .isEqualTo(Integer.MAX_VALUE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "0KB", "-1", "-5MB", "2GB", "2147483648", "1TB"})
    void anOutOfRangeMaxResponseBytesFailsStartupNamingThePropertyAndTheValue(String value) {
        long bytes = DataSize.parse(value).toBytes();
        runner.withPropertyValues("bilibili.request.max-response-bytes=" + value)
                .run(context -> assertThat(context).hasFailed().getFailure()
                        .hasStackTraceContaining("bilibili.request.max-response-bytes must be positive and at most "
                                + Integer.MAX_VALUE + "B")
                        .hasStackTraceContaining("got " + bytes + "B"));
    }
}
