package io.github.bilibiliapi.testappjdk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bilibiliapi.autoconfigure.BilibiliClientReport;
import io.github.bilibiliapi.client.BiliApiClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.ClassUtils;

/**
 * The docs' "use the JDK client" recipe on a real classpath (this module's): the starter without okhttp-jvm, in a
 * servlet app. No class loader tricks: what is absent here is absent from the build.
 */
@ExtendWith(OutputCaptureExtension.class)
class JdkRecipeTest {

    private static ConfigurableApplicationContext start(String... args) {
        return new SpringApplicationBuilder(JdkApplication.class).web(WebApplicationType.SERVLET)
                .properties("server.port=0", "spring.main.banner-mode=off").run(args);
    }

    @Test
    void theRecipeHasNeitherOkHttpNorReactorNetty() {
        ClassLoader loader = getClass().getClassLoader();
        assertThat(ClassUtils.isPresent("okhttp3.OkHttpClient", loader)).as("okhttp-jvm excluded").isFalse();
        assertThat(ClassUtils.isPresent("reactor.netty.http.client.HttpClient", loader)).as("no Reactor Netty")
                .isFalse();
    }

    @Test
    void theRecipeGivesTheJdkBackendAndSaysSoAtStartup(CapturedOutput output) {
        try (ConfigurableApplicationContext context = start()) {
            assertThat(context.getBean(BiliApiClient.class).backendName()).isEqualTo("jdk");
            assertThat(context.getBean(BilibiliClientReport.class).backend()).isEqualTo("jdk");
        }
        assertThat(output).contains("bilibili-api: backend=jdk, session=own");
    }

    @Test
    void onThisClasspathAutoIsJdkSoASocksProxyStopsStartup(CapturedOutput output) {
        assertThatThrownBy(() -> start("--bilibili.request.proxy=socks5://bob:hunter2@127.0.0.1:1080").close())
                .isNotNull();
        assertThat(output).contains("APPLICATION FAILED TO START").contains("Property: bilibili.request.proxy")
                .contains("cannot use a SOCKS5 proxy").doesNotContain("hunter2");
    }
}
