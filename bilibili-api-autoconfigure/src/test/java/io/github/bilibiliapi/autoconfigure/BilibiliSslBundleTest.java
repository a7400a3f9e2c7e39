package io.github.bilibiliapi.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.test.FakeBilibiliServer;
import io.github.bilibiliapi.test.TestCertificate;
import io.github.bilibiliapi.user.UserService;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code bilibili.request.ssl.bundle} against the fake's self-signed HTTPS over loopback, on every backend: with a
 * bundle trusting the fake's certificate calls succeed (certificate and host name verified, nothing trusted blindly);
 * without it the same calls fail the TLS handshake.
 */
class BilibiliSslBundleTest {

    private static FakeBilibiliServer server;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(SslAutoConfiguration.class, BilibiliAutoConfiguration.class));

    @BeforeAll
    static void startFake() {
        server = FakeBilibiliServer.start();
    }

    @AfterAll
    static void stopFake() {
        server.close();
    }

    private ApplicationContextRunner over(String backend) {
        return runner.withPropertyValues("bilibili.request.backend=" + backend,
                "bilibili.request.host-redirect.base-url=" + server.httpsBaseUrl(),
                "bilibili.request.trust-env=false", "bilibili.request.timeout=20s",
                "spring.ssl.bundle.jks.fake.truststore.location=classpath:"
                        + TestCertificate.KEYSTORE_RESOURCE.substring(1),
                "spring.ssl.bundle.jks.fake.truststore.password=" + TestCertificate.PASSWORD,
                "spring.ssl.bundle.jks.fake.truststore.type=PKCS12");
    }

    @ParameterizedTest
    @ValueSource(strings = {"okhttp", "webclient", "jdk"})
    void aBundleTrustingTheServerIsUsedAndWithoutItTheHandshakeFails(String backend) {
        over(backend).withPropertyValues("bilibili.request.ssl.bundle=fake").run(context -> {
            assertThat(context).hasNotFailed();
            assertThat(context.getBean(BiliApiClient.class).backendName()).isEqualTo(backend);
            assertThat(context.getBean(BiliApiClient.class).settings().tls().trustManagers()).isNotNull();
            assertThat(context.getBean(BilibiliClientReport.class).sslBundle()).isEqualTo("fake");
            assertThat(context.getBean(UserService.class).getUserInfo(2).join().name()).isEqualTo("碧诗");
        });
        over(backend).run(context -> {
            assertThat(context.getBean(BiliApiClient.class).settings().tls().isJvmDefault()).isTrue();
            assertThatThrownBy(() -> context.getBean(UserService.class).getUserInfo(2).join())
                    .satisfies(e -> assertThat(stackTrace(e)).containsAnyOf("PKIX", "certification path",
                            "unable to find valid certification"));
        });
    }

    @Test
    void theApplicationsOwnSessionGetsTheBundleOnASessionDerivedFromIt() {
        HttpClient mine = HttpClient.newHttpClient(); // the JVM's trust store: would refuse the fake
        over("jdk").withBean(HttpClient.class, () -> mine).withPropertyValues("bilibili.request.ssl.bundle=fake")
                .run(context -> {
                    assertThat(context.getBean(BilibiliClientReport.class).session())
                            .startsWith("derived from the application's");
                    assertThat(context.getBean(UserService.class).getUserInfo(2).join().name()).isEqualTo("碧诗");
                });
    }

    @Test
    void aBundleThatDoesNotExistFailsStartupNamingTheProperty() {
        over("jdk").withPropertyValues("bilibili.request.ssl.bundle=nope").run(context -> {
            assertThat(context).hasFailed();
            assertThat(stackTrace(context.getStartupFailure())).contains("bilibili.request.ssl.bundle is 'nope'");
        });
    }

    private static String stackTrace(Throwable e) {
        StringWriter out = new StringWriter();
        e.printStackTrace(new PrintWriter(out));
        return out.toString();
    }
}
