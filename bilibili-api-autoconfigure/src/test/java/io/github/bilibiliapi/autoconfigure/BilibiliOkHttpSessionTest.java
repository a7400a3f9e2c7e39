package io.github.bilibiliapi.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiRequest;
import io.github.bilibiliapi.client.BiliApiResponse;
import io.github.bilibiliapi.client.BiliClientException;
import io.github.bilibiliapi.client.BiliTimeoutException;
import io.github.bilibiliapi.test.FakeBilibiliServer;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * The application's {@code OkHttpClient} bean is wrapped as the backend's session; only explicitly set properties are
 * applied to it; builder and client customizers; only what we created is shut down.
 */
@ExtendWith(OutputCaptureExtension.class)
class BilibiliOkHttpSessionTest {

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

    @Test
    void theApplicationsOkHttpClientIsUsedAsItIsAndNotShutDown(CapturedOutput output) {
        OkHttpClient mine = new OkHttpClient();
        try {
            runner.withBean(OkHttpClient.class, () -> mine).run(context -> {
                BiliApiClient client = context.getBean(BiliApiClient.class);
                assertThat(client.getWrappedSession()).isSameAs(mine);
                assertThat(get(client, "/test/echo").code()).isEqualTo(200);
            });
            assertThat(output).contains("using the application's okhttp3.OkHttpClient bean as it is");
            assertThat(mine.dispatcher().executorService().isShutdown()).isFalse();
        } finally {
            shutdown(mine);
        }
    }

    @Test
    void onlyExplicitlySetPropertiesAreAppliedToTheApplicationsSession(CapturedOutput output) {
        OkHttpClient mine = new OkHttpClient();
        try {
            runner.withBean(OkHttpClient.class, () -> mine)
                    .withPropertyValues("bilibili.request.timeout=500ms").run(context -> {
                        BiliApiClient client = context.getBean(BiliApiClient.class);
                        OkHttpClient session = (OkHttpClient) client.getWrappedSession();
                        assertThat(session).isNotSameAs(mine);
                        assertThat(session.dispatcher()).isSameAs(mine.dispatcher()); // derived, pool shared
                        assertThat(client.settings().timeout()).isEqualTo(Duration.ofMillis(500));
                        assertThatThrownBy(() -> get(client, "/test/delay?ms=5000"))
                                .isInstanceOf(CompletionException.class).hasCauseInstanceOf(BiliTimeoutException.class);
                    });
            assertThat(output).contains("with the explicitly set bilibili.request.timeout applied")
                    .doesNotContain("bilibili.request.proxy applied");
            assertThat(mine.dispatcher().executorService().isShutdown()).isFalse();
        } finally {
            shutdown(mine);
        }
    }

    @Test
    void maxResponseBytesAppliesToTheApplicationsSessionUsedAsItIs(CapturedOutput output) {
        OkHttpClient mine = new OkHttpClient();
        try {
            runner.withBean(OkHttpClient.class, () -> mine)
                    .withPropertyValues("bilibili.request.max-response-bytes=1KB").run(context -> {
                        BiliApiClient client = context.getBean(BiliApiClient.class);
                        assertThat(client.getWrappedSession()).isSameAs(mine); // the cap is ours, not the session's
                        assertThat(get(client, "/test/bytes?n=1024").raw()).hasSize(1024);
                        assertThatThrownBy(() -> get(client, "/test/bytes?n=4096"))
                                .isInstanceOf(CompletionException.class).cause()
                                .isExactlyInstanceOf(BiliClientException.class)
                                .hasMessageContaining("larger than the cap of 1024 bytes");
                    });
            assertThat(output).contains("using the application's okhttp3.OkHttpClient bean as it is");
        } finally {
            shutdown(mine);
        }
    }

    @Test
    void builderCustomizersShapeTheSessionWeBuildAndWeShutItDown() {
        Dispatcher dispatcher = new Dispatcher();
        runner.withBean("tagger", BilibiliOkHttpClientBuilderCustomizer.class, () -> b -> b.dispatcher(dispatcher)
                .addInterceptor(chain -> chain.proceed(chain.request().newBuilder()
                        .header("X-Customized", "yes").build())))
                .withPropertyValues("bilibili.request.timeout=20s").run(context -> {
                    BiliApiClient client = context.getBean(BiliApiClient.class);
                    OkHttpClient session = (OkHttpClient) client.getWrappedSession();
                    assertThat(session.dispatcher()).isSameAs(dispatcher);
                    assertThat(session.connectTimeoutMillis()).isEqualTo(20_000); // settings in force on top
                    // settings in force on top (the deadline is the client's own, over every hop, not OkHttp's)
                    assertThat(client.settings().timeout()).isEqualTo(java.time.Duration.ofSeconds(20));
                    assertThat(get(client, "/test/echo").utf8Text()).containsIgnoringCase("x-customized");
                });
        assertThat(dispatcher.executorService().isShutdown()).isTrue();
    }

    @Test
    void builderCustomizersAreIgnoredWithAWarningWhenTheApplicationHasItsOwnClient(CapturedOutput output) {
        OkHttpClient mine = new OkHttpClient();
        try {
            runner.withBean(OkHttpClient.class, () -> mine)
                    .withBean(BilibiliOkHttpClientBuilderCustomizer.class, () -> b -> b.addInterceptor(
                            chain -> chain.proceed(chain.request().newBuilder().header("X-Customized", "yes").build())))
                    .run(context -> {
                        BiliApiClient client = context.getBean(BiliApiClient.class);
                        assertThat(client.getWrappedSession()).isSameAs(mine);
                        assertThat(get(client, "/test/echo").utf8Text()).doesNotContainIgnoringCase("x-customized");
                    });
            assertThat(output).contains("1 BilibiliOkHttpClientBuilderCustomizer bean(s) ignored");
        } finally {
            shutdown(mine);
        }
    }

    @Test
    void clientCustomizersRunAfterTheProperties() {
        runner.withBean(BiliApiClientCustomizer.class, () -> c -> c.setTimeout(Duration.ofSeconds(9)))
                .withPropertyValues("bilibili.request.timeout=3s")
                .run(context -> assertThat(context.getBean(BiliApiClient.class).settings().timeout())
                        .isEqualTo(Duration.ofSeconds(9)));
    }

    @Test
    void twoOkHttpClientBeansAreNotGuessedBetween() {
        OkHttpClient a = new OkHttpClient();
        OkHttpClient b = new OkHttpClient();
        try {
            runner.withBean("a", OkHttpClient.class, () -> a).withBean("b", OkHttpClient.class, () -> b)
                    .run(context -> assertThat(context.getBean(BiliApiClient.class).getWrappedSession())
                            .isNotSameAs(a).isNotSameAs(b));
        } finally {
            shutdown(a);
            shutdown(b);
        }
    }

    private static BiliApiResponse get(BiliApiClient client, String path) {
        return client.request(BiliApiRequest.get(server.httpBaseUrl() + path).build()).join();
    }

    private static void shutdown(OkHttpClient client) {
        client.dispatcher().executorService().shutdown();
        client.connectionPool().evictAll();
    }
}
