package io.github.bilibiliapi.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** A forced backend whose library is missing fails startup, naming the dependency to add. */
class BilibiliMissingBackendTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BilibiliAutoConfiguration.class));

    @Test
    void forcedOkHttpWithoutOkHttpFailsNamingOkHttpJvm() {
        runner.withClassLoader(new FilteredClassLoader("okhttp3."))
                .withPropertyValues("bilibili.request.backend=okhttp")
                .run(context -> {
                    assertThat(context).hasFailed();
                    Throwable failure = context.getStartupFailure();
                    assertThat(failure).rootCause().isInstanceOf(BilibiliBackendUnavailableException.class)
                            .hasMessageContaining("bilibili.request.backend is 'okhttp'")
                            .hasMessageContaining("com.squareup.okhttp3:okhttp-jvm");
                    FailureAnalysis analysis = new BilibiliBackendUnavailableFailureAnalyzer().analyze(failure);
                    assertThat(analysis).isNotNull();
                    assertThat(analysis.getDescription()).contains("okhttp-jvm");
                    assertThat(analysis.getAction()).contains("bilibili.request.backend=auto");
                });
    }

    @Test
    void forcedWebClientWithoutWebFluxFailsNamingSpringWebflux() {
        runner.withClassLoader(new FilteredClassLoader("org.springframework.web.reactive.", "reactor.netty."))
                .withPropertyValues("bilibili.request.backend=webclient")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .isInstanceOf(BilibiliBackendUnavailableException.class)
                            .hasMessageContaining("org.springframework:spring-webflux")
                            .hasMessageContaining("io.projectreactor.netty:reactor-netty-http");
                });
    }

    @Test
    void forcedJdkWithoutJavaNetHttpFailsNamingTheModule() {
        runner.withClassLoader(new FilteredClassLoader("java.net.http."))
                .withPropertyValues("bilibili.request.backend=jdk")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .isInstanceOf(BilibiliBackendUnavailableException.class)
                            .hasMessageContaining("java.net.http");
                });
    }

    @Test
    void noBackendAtAllFailsNamingTheChoices() {
        runner.withClassLoader(new FilteredClassLoader("okhttp3.", "org.springframework.web.reactive.",
                "reactor.netty.", "java.net.http.")).run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .isInstanceOf(BilibiliBackendUnavailableException.class)
                            .hasMessageContaining("No bilibili-api backend is available")
                            .hasMessageContaining("com.squareup.okhttp3:okhttp-jvm");
                });
    }

    @Test
    void unknownBackendNameFailsOnTheProperty() {
        runner.withPropertyValues("bilibili.request.backend=curl").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure()).hasStackTraceContaining("bilibili.request.backend")
                    .hasStackTraceContaining("curl");
        });
    }
}
