package io.github.bilibiliapi.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.jdk.JdkBiliApiClient;
import java.util.Map;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.actuate.info.Info;
import org.springframework.boot.actuate.info.InfoContributor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one startup INFO line and the Actuator views say what was chosen, without secrets. */
@ExtendWith(OutputCaptureExtension.class)
class BilibiliClientReportTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BilibiliAutoConfiguration.class));

    static Iterable<String> backends() {
        return TestBackends.all();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void oneInfoLineNamesBackendSessionTimeoutMaskedProxyAndTls(String backend, CapturedOutput output) {
        runner.withPropertyValues("bilibili.request.backend=" + backend, "bilibili.request.timeout=12",
                "bilibili.request.proxy=http://alice:pr0xypass@127.0.0.1:3128").run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(output.getOut().lines().filter(l -> l.contains("bilibili-api: backend=")))
                            .singleElement().asString().contains("INFO")
                            .contains("backend=" + backend + ", session=own, timeout=12s, "
                                    + "proxy=http://***@127.0.0.1:3128, tls-verification=on, ssl-bundle=none");
                    assertThat(output).doesNotContain("pr0xypass");

                    Info.Builder info = new Info.Builder();
                    context.getBean("bilibiliInfoContributor", InfoContributor.class).contribute(info);
                    @SuppressWarnings("unchecked")
                    Map<String, Object> details = (Map<String, Object>) info.build().getDetails().get("bilibili");
                    assertThat(details).containsEntry("backend", backend).containsEntry("session", "own")
                            .containsEntry("timeout", "12s").containsEntry("proxy", "http://***@127.0.0.1:3128")
                            .containsEntry("tls-verification", "on");
                    assertThat(context.getBean(BilibiliEndpoint.class).client()).isEqualTo(details);
                });
    }

    @Test
    void theApplicationsSessionUsedAsIsIsSaidSo(CapturedOutput output) {
        runner.withUserConfiguration(AppSession.class).withPropertyValues("bilibili.request.verify-ssl=false")
                .run(context -> assertThat(context.getBean(BilibiliClientReport.class).toMap())
                        .containsEntry("session", "derived from the application's okhttp3.OkHttpClient bean")
                        .containsEntry("tls-verification", "off"));
        runner.withUserConfiguration(AppSession.class)
                .run(context -> assertThat(context.getBean(BilibiliClientReport.class).toMap())
                        .containsEntry("session", "the application's okhttp3.OkHttpClient bean, as is")
                        .containsEntry("timeout", "the session's"));
    }

    @Test
    void theApplicationsOwnClientBeanIsNamed() {
        runner.withUserConfiguration(AppClient.class)
                .run(context -> assertThat(context.getBean(BilibiliClientReport.class).session())
                        .startsWith("the application's BiliApiClient bean"));
    }

    @Configuration(proxyBeanMethods = false)
    static class AppSession {
        @Bean(destroyMethod = "")
        OkHttpClient okHttpClient() {
            return new OkHttpClient();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class AppClient {
        @Bean
        BiliApiClient myClient() {
            return JdkBiliApiClient.create(io.github.bilibiliapi.client.ClientSettings.DEFAULTS, null);
        }
    }
}
