package io.github.bilibiliapi.testapp;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bilibiliapi.autoconfigure.BilibiliAutoConfiguration;
import io.github.bilibiliapi.client.BiliApiClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.util.ClassUtils;

/** The documented dependency recipes give the documented backends. */
class DependencyRecipesTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BilibiliAutoConfiguration.class));

    @Test
    void theWebClientRecipeBringsReactorNettyThroughTheWebfluxStarterAndNoOkHttp() {
        ClassLoader loader = getClass().getClassLoader();
        // Boot's Reactor Netty module comes only with spring-boot-starter-webflux (not with bilibili-api-test)
        assertThat(ClassUtils.isPresent("org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory", loader))
                .isTrue();
        assertThat(ClassUtils.isPresent("okhttp3.OkHttpClient", loader)).as("okhttp-jvm excluded").isFalse();
        runner.run(context -> assertThat(context.getBean(BiliApiClient.class).backendName()).isEqualTo("webclient"));
    }

    @Test
    void withoutOkHttpAndReactorNettyTheBackendIsJdk() {
        // spring-webflux alone (no Reactor Netty): the JDK backend. The JDK recipe itself, on a real classpath, is
        // proven by test-app-jdk
        runner.withClassLoader(new FilteredClassLoader("okhttp3.", "reactor.netty."))
                .run(context -> assertThat(context.getBean(BiliApiClient.class).backendName()).isEqualTo("jdk"));
    }
}
