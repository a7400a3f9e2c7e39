package io.github.bilibiliapi.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiRequest;
import io.github.bilibiliapi.client.BiliApiResponse;
import io.github.bilibiliapi.client.BiliTimeoutException;
import io.github.bilibiliapi.test.FakeBilibiliServer;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.webclient.WebClientCustomizer;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;

/**
 * The JDK backend wraps the application's {@code java.net.http.HttpClient} bean; the WebClient backend builds its
 * session from Boot's {@code WebClient.Builder} (Boot's and our customizers applied).
 */
@ExtendWith(OutputCaptureExtension.class)
class BilibiliJdkAndWebClientSessionTest {

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
    void theApplicationsHttpClientIsUsedAsItIs(CapturedOutput output) {
        HttpClient mine = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        runner.withPropertyValues("bilibili.request.backend=jdk").withBean(HttpClient.class, () -> mine)
                .run(context -> {
                    BiliApiClient client = context.getBean(BiliApiClient.class);
                    assertThat(client.backendName()).isEqualTo("jdk");
                    assertThat(client.getWrappedSession()).isSameAs(mine);
                    assertThat(get(client, "/test/echo").code()).isEqualTo(200);
                });
        assertThat(output).contains("using the application's java.net.http.HttpClient bean as it is");
    }

    @Test
    void anExplicitTimeoutIsAppliedOnASessionDerivedFromTheApplicationsHttpClient(CapturedOutput output) {
        HttpClient mine = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        runner.withPropertyValues("bilibili.request.backend=jdk", "bilibili.request.timeout=300ms")
                .withBean(HttpClient.class, () -> mine).run(context -> {
                    BiliApiClient client = context.getBean(BiliApiClient.class);
                    HttpClient session = (HttpClient) client.getWrappedSession();
                    assertThat(session).isNotSameAs(mine);
                    assertThat(session.version()).isEqualTo(HttpClient.Version.HTTP_1_1); // copied from the user's
                    assertThatThrownBy(() -> get(client, "/test/delay?ms=10000"))
                            .isInstanceOf(CompletionException.class).hasCauseInstanceOf(BiliTimeoutException.class);
                });
        assertThat(output).contains("with the explicitly set bilibili.request.timeout applied");
    }

    @Test
    void jdkBuilderCustomizersShapeTheSession() {
        runner.withPropertyValues("bilibili.request.backend=jdk", "bilibili.request.timeout=15s")
                .withBean(BilibiliJdkHttpClientBuilderCustomizer.class,
                        () -> b -> b.version(HttpClient.Version.HTTP_1_1))
                .run(context -> {
                    BiliApiClient client = context.getBean(BiliApiClient.class);
                    assertThat(((HttpClient) client.getWrappedSession()).version())
                            .isEqualTo(HttpClient.Version.HTTP_1_1);
                    assertThat(client.settings().timeout()).isEqualTo(Duration.ofSeconds(15));
                    assertThat(get(client, "/test/echo").code()).isEqualTo(200);
                });
    }

    @Test
    void bootsWebClientBuilderIsTheTemplateWithBootsAndOurCustomizers(CapturedOutput output) {
        runner.withConfiguration(AutoConfigurations.of(WebClientAutoConfiguration.class))
                .withPropertyValues("bilibili.request.backend=webclient", "bilibili.request.timeout=300ms")
                .withBean(WebClientCustomizer.class, () -> b -> b.defaultHeader("X-Boot-Customizer", "boot"))
                .withBean(BilibiliWebClientBuilderCustomizer.class,
                        () -> b -> b.defaultHeader("X-Bili-Customizer", "bili"))
                .run(context -> {
                    BiliApiClient client = context.getBean(BiliApiClient.class);
                    assertThat(client.backendName()).isEqualTo("webclient");
                    String echo = get(client, "/test/echo").utf8Text().toLowerCase(java.util.Locale.ROOT);
                    assertThat(echo).contains("x-boot-customizer").contains("x-bili-customizer");
                    // the settings apply from the start: the timeout fires
                    assertThatThrownBy(() -> get(client, "/test/delay?ms=10000"))
                            .isInstanceOf(CompletionException.class).hasCauseInstanceOf(BiliTimeoutException.class);
                });
        assertThat(output).contains("building the session from the application's WebClient.Builder");
    }

    @Test
    void webClientBuilderCustomizersWorkWithoutBootsBuilder() {
        runner.withPropertyValues("bilibili.request.backend=webclient")
                .withBean(BilibiliWebClientBuilderCustomizer.class,
                        () -> b -> b.defaultHeader("X-Bili-Customizer", "bili"))
                .run(context -> assertThat(get(context.getBean(BiliApiClient.class), "/test/echo").utf8Text()
                        .toLowerCase(java.util.Locale.ROOT)).contains("x-bili-customizer"));
    }

    private static BiliApiResponse get(BiliApiClient client, String path) {
        return client.request(BiliApiRequest.get(server.httpBaseUrl() + path).build()).join();
    }
}
