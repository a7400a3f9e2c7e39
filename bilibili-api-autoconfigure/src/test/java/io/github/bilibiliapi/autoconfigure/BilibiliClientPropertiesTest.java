package io.github.bilibiliapi.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiRequest;
import io.github.bilibiliapi.client.BiliClientException;
import io.github.bilibiliapi.client.BiliTimeoutException;
import io.github.bilibiliapi.test.FakeBilibiliServer;
import io.github.bilibiliapi.test.ForwardProxyServer;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code bilibili.request.*} reaching the client of each backend: proxy, timeout, verify-ssl, forced backend. */
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
}
