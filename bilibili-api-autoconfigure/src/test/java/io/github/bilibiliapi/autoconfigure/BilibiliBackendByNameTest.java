package io.github.bilibiliapi.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.client.BiliApiClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * {@code bilibili.request.backend} names any backend a {@link io.github.bilibiliapi.client.BiliApiClientProvider}
 * offers, not only the built-ins; an unknown name fails startup with the names available.
 */
class BilibiliBackendByNameTest {

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BilibiliAutoConfiguration.class));

    @Test
    void aProviderFoundWithServiceLoaderIsSelectedByItsName() {
        int before = TestOwnBackendProvider.CREATED.get();
        runner.withPropertyValues("bilibili.request.backend=Test-Own", "bilibili.request.timeout=7s").run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(BiliApiClient.class);
            assertThat(TestOwnBackendProvider.CREATED.get()).isEqualTo(before + 1);
            BiliApiClient client = context.getBean(BiliApiClient.class);
            assertThat(client.settings().timeout()).isEqualTo(Duration.ofSeconds(7));
            assertThat(context.getBean(BiliContext.class).client()).isSameAs(client);
        });
    }

    @Test
    void anUnknownNameFailsStartupListingTheAvailableNames() {
        runner.withPropertyValues("bilibili.request.backend=curl").run(context -> {
            assertThat(context).hasFailed();
            Throwable failure = context.getStartupFailure();
            BilibiliBackendUnavailableException cause = find(failure);
            assertThat(cause.getBackend()).isEqualTo("curl");
            assertThat(cause.getMessage()).contains("'curl'")
                    .contains("Available: auto, jdk, okhttp, test-own, webclient");
            FailureAnalysis analysis = new BilibiliBackendUnavailableFailureAnalyzer().analyze(failure);
            assertThat(analysis.getDescription()).contains("curl").contains("test-own");
        });
    }

    @Test
    void builtInNamesStillGoThroughTheirOwnConfigurations() {
        runner.withPropertyValues("bilibili.request.backend=JDK")
                .run(context -> assertThat(context.getBean(BiliApiClient.class).backendName()).isEqualTo("jdk"));
    }

    private static BilibiliBackendUnavailableException find(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof BilibiliBackendUnavailableException b) {
                return b;
            }
        }
        throw new AssertionError("no BilibiliBackendUnavailableException in " + t);
    }
}
