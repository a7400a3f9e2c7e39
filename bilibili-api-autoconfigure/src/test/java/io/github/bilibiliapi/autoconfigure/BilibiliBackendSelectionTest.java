package io.github.bilibiliapi.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.jdk.JdkBiliApiClient;
import io.github.bilibiliapi.client.okhttp.OkHttpBiliApiClient;
import io.github.bilibiliapi.client.webclient.WebClientBiliApiClient;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** Each classpath combination picks the right backend: OkHttp, then WebClient, then the JDK. */
class BilibiliBackendSelectionTest {

    private static final String[] OKHTTP = {"okhttp3."};
    private static final String[] WEBFLUX = {"org.springframework.web.reactive.", "reactor.netty."};

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BilibiliAutoConfiguration.class));

    @Test
    void everythingPresentPicksOkHttp() {
        runner.run(context -> assertBackend(context.getBean(BiliApiClient.class), OkHttpBiliApiClient.class,
                "okhttp"));
    }

    @Test
    void withoutWebFluxOkHttpIsStillPicked() {
        runner.withClassLoader(new FilteredClassLoader(WEBFLUX))
                .run(context -> assertBackend(context.getBean(BiliApiClient.class), OkHttpBiliApiClient.class,
                        "okhttp"));
    }

    @Test
    void withoutOkHttpWebClientIsPicked() {
        runner.withClassLoader(new FilteredClassLoader(OKHTTP))
                .run(context -> assertBackend(context.getBean(BiliApiClient.class), WebClientBiliApiClient.class,
                        "webclient"));
    }

    @Test
    void withNeitherOkHttpNorWebFluxTheJdkClientIsPicked() {
        runner.withClassLoader(new FilteredClassLoader(concat(OKHTTP, WEBFLUX)))
                .run(context -> {
                    assertBackend(context.getBean(BiliApiClient.class), JdkBiliApiClient.class, "jdk");
                    assertThat(context.getBean(BiliContext.class).client().backendName()).isEqualTo("jdk");
                });
    }

    @Test
    void aForcedBackendWinsOverPrecedence() {
        runner.withPropertyValues("bilibili.request.backend=jdk")
                .run(context -> assertBackend(context.getBean(BiliApiClient.class), JdkBiliApiClient.class, "jdk"));
        runner.withPropertyValues("bilibili.request.backend=WebClient") // relaxed binding, like the properties
                .run(context -> assertBackend(context.getBean(BiliApiClient.class), WebClientBiliApiClient.class,
                        "webclient"));
    }

    private static void assertBackend(BiliApiClient client, Class<?> type, String name) {
        assertThat(client).isInstanceOf(type);
        assertThat(client.backendName()).isEqualTo(name);
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
