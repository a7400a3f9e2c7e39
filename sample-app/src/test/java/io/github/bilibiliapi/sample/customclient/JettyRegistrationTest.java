package io.github.bilibiliapi.sample.customclient;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.autoconfigure.BilibiliAutoConfiguration;
import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.BiliApiClientProvider;
import io.github.bilibiliapi.client.BiliApiClients;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.eclipse.jetty.client.HttpClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The three ways to plug the Jetty backend in: a registry by name, ServiceLoader, a Spring bean. */
class JettyRegistrationTest {

    @TempDir
    Path tempDir;

    @Test
    void registeredByNameInARegistryAndSelected() throws Exception {
        try (BiliApiClients registry = JettyRegistration.useJetty(BiliApiClients.create())) {
            assertThat(registry.selected()).isEqualTo("jetty");
            BiliApiClient client = registry.get();
            // the registry's client: each call goes to the selected backend's client
            assertThat(client.backendName()).isEqualTo("jetty");
            assertThat(registry.getSession()).isInstanceOf(HttpClient.class);

            // setSession: the application's own Jetty client, used as it is
            HttpClient mine = new HttpClient();
            mine.start();
            try {
                registry.setSession(mine);
                assertThat(registry.getSession()).isSameAs(mine);
                registry.setTimeout(Duration.ofSeconds(3)); // a setting: from now on a client built from settings
                assertThat(registry.getSession()).isNotSameAs(mine).isInstanceOf(HttpClient.class);
                registry.close();
                assertThat(mine.isRunning()).isTrue(); // never stopped by the library
            } finally {
                mine.stop();
            }
        }
    }

    @Test
    void foundWithServiceLoaderAndSelectedByPriority() throws Exception {
        // what a jar would ship: META-INF/services/io.github.bilibiliapi.client.BiliApiClientProvider
        Path services = tempDir.resolve("META-INF/services");
        Files.createDirectories(services);
        Files.writeString(services.resolve(BiliApiClientProvider.class.getName()),
                JettyBiliApiClientProvider.class.getName() + "\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {tempDir.toUri().toURL()},
                getClass().getClassLoader());
                BiliApiClients registry = BiliApiClients.create(loader)) {
            assertThat(registry.registered()).contains("jetty", "okhttp");
            // priority 400 beats OkHttp's 300
            assertThat(registry.selected()).isEqualTo("jetty");
            assertThat(registry.get().backendName()).isEqualTo("jetty");
        }
    }

    @Test
    void providerIsUnavailableWithoutJetty() {
        ClassLoader noJetty = new ClassLoader(null) {
        };
        assertThat(new JettyBiliApiClientProvider().isAvailable(noJetty)).isFalse();
        assertThat(new JettyBiliApiClientProvider().isAvailable(getClass().getClassLoader())).isTrue();
    }

    private final ApplicationContextRunner spring = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BilibiliAutoConfiguration.class))
            .withUserConfiguration(JettyClientConfiguration.class)
            .withPropertyValues("bilibili.request.timeout=7s", "bilibili.request.trust-env=false");

    @Test
    void theBackendPropertyAloneSelectsJetty() {
        new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(BilibiliAutoConfiguration.class))
                .withPropertyValues("bilibili.request.backend=jetty", "bilibili.request.timeout=7s").run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(BiliApiClient.class);
                    BiliApiClient client = context.getBean(BiliApiClient.class);
                    assertThat(client).isInstanceOf(JettyBiliApiClient.class);
                    assertThat(client.settings().timeout()).isEqualTo(Duration.ofSeconds(7));
                });
    }

    @Test
    void theCustomClientProfileReplacesTheStartersClient() {
        spring.withPropertyValues("spring.profiles.active=custom-client").run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(BiliApiClient.class);
            BiliApiClient client = context.getBean(BiliApiClient.class);
            assertThat(client).isInstanceOf(JettyBiliApiClient.class);
            assertThat(client.settings().timeout()).isEqualTo(Duration.ofSeconds(7));
            assertThat(client.settings().trustEnv()).isFalse();
            assertThat(context).hasSingleBean(BiliContext.class);
        });
    }

    @Test
    void withoutTheProfileTheStarterPicksItsOwnBackend() {
        spring.run(context -> {
            assertThat(context).hasNotFailed().hasSingleBean(BiliApiClient.class);
            assertThat(context.getBean(BiliApiClient.class)).isNotInstanceOf(JettyBiliApiClient.class);
        });
    }
}
