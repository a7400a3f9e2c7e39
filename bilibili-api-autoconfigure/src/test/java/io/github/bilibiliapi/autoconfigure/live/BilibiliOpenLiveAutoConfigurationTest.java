package io.github.bilibiliapi.autoconfigure.live;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bilibiliapi.autoconfigure.BilibiliAutoConfiguration;
import io.github.bilibiliapi.live.danmaku.DanmakuEvent;
import io.github.bilibiliapi.live.danmaku.LiveDanmaku;
import io.github.bilibiliapi.live.open.OpenLiveClient;
import io.github.bilibiliapi.live.open.OpenLiveGame;
import io.github.bilibiliapi.test.FakeBilibiliServer;
import io.github.bilibiliapi.test.live.LiveModule;
import io.github.bilibiliapi.test.live.OpenLiveRoutes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.actuate.context.properties.ConfigurationPropertiesReportEndpoint;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.actuate.endpoint.Show;
import org.springframework.boot.actuate.env.EnvironmentEndpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/**
 * {@code bilibili.open-live.*}: the {@link OpenLiveClient} bean against the fake's Open Platform on the context's
 * backend, its games ended when the application context closes, the keys masked, and a clear failure for a missing key.
 */
@ExtendWith(OutputCaptureExtension.class)
class BilibiliOpenLiveAutoConfigurationTest {

    private FakeBilibiliServer server;
    private ApplicationContextRunner runner;

    @BeforeEach
    void start() {
        server = FakeBilibiliServer.start();
        runner = new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BilibiliAutoConfiguration.class,
                        BilibiliOpenLiveAutoConfiguration.class))
                .withPropertyValues("bilibili.request.host-redirect.base-url=" + server.httpBaseUrl());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private ApplicationContextRunner configured() {
        return runner.withPropertyValues("bilibili.open-live.app-id=" + OpenLiveRoutes.APP_ID,
                "bilibili.open-live.access-key-id=" + OpenLiveRoutes.ACCESS_KEY_ID,
                "bilibili.open-live.access-key-secret=" + OpenLiveRoutes.ACCESS_KEY_SECRET);
    }

    @Test
    void noClientWithoutAnAppId() {
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean(OpenLiveClient.class));
    }

    @Test
    void theClientStartsGamesAndTheContextEndsThem(CapturedOutput output) {
        OpenLiveRoutes fake = server.module(LiveModule.class).openLive();
        List<DanmakuEvent> events = new CopyOnWriteArrayList<>();
        configured().run(context -> {
            OpenLiveClient open = context.getBean(OpenLiveClient.class);
            assertThat(open.appId()).isEqualTo(OpenLiveRoutes.APP_ID);
            LiveDanmaku room = open.danmaku(OpenLiveRoutes.IDENTITY_CODE).build();
            room.onAny(events::add);
            room.connect().get(20, TimeUnit.SECONDS);
            assertThat(fake.runningGames()).hasSize(1);
            room.disconnect().get(20, TimeUnit.SECONDS);
            assertThat(fake.runningGames()).isEmpty();
            OpenLiveGame kept = open.start(OpenLiveRoutes.IDENTITY_CODE).get(20, TimeUnit.SECONDS);
            assertThat(fake.runningGames()).containsExactly(kept.gameId());
        });
        // closing the context closed the client, which ended the game it still ran
        assertThat(fake.runningGames()).isEmpty();
        assertThat(fake.ends()).isEqualTo(2);
        assertThat(events).anyMatch(e -> e.type().equals(DanmakuEvent.VERIFICATION_SUCCESSFUL));
        assertThat(output).doesNotContain(OpenLiveRoutes.ACCESS_KEY_SECRET).doesNotContain(OpenLiveRoutes.IDENTITY_CODE);
    }

    @Test
    void theKeysAreMaskedInTheActuator() {
        configured().run(context -> {
            List<SanitizingFunction> sanitizers = context.getBeanProvider(SanitizingFunction.class).orderedStream()
                    .toList();
            ConfigurationPropertiesReportEndpoint endpoint = new ConfigurationPropertiesReportEndpoint(sanitizers,
                    Show.ALWAYS);
            endpoint.setApplicationContext(context);
            Map<String, Object> props = endpoint.configurationPropertiesWithPrefix("bilibili.open-live")
                    .getContexts().values().iterator().next().getBeans().values().iterator().next().getProperties();
            assertThat(props).containsEntry("accessKeySecret", "******").containsEntry("accessKeyId", "******")
                    .containsEntry("appId", OpenLiveRoutes.APP_ID);
            EnvironmentEndpoint env = new EnvironmentEndpoint(context.getEnvironment(), sanitizers, Show.ALWAYS);
            assertThat(env.environmentEntry("bilibili.open-live.access-key-secret").getProperty().getValue())
                    .isEqualTo("******");
            assertThat(context.getBean(BilibiliOpenLiveProperties.class).toString())
                    .doesNotContain(OpenLiveRoutes.ACCESS_KEY_SECRET).doesNotContain(OpenLiveRoutes.ACCESS_KEY_ID);
            assertThat(context.getBean(OpenLiveClient.class).toString())
                    .doesNotContain(OpenLiveRoutes.ACCESS_KEY_SECRET);
        });
    }

    @Test
    void aMissingSecretFailsNamingTheProperty() {
        runner.withPropertyValues("bilibili.open-live.app-id=" + OpenLiveRoutes.APP_ID,
                "bilibili.open-live.access-key-id=" + OpenLiveRoutes.ACCESS_KEY_ID).run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure()).rootCause()
                            .hasMessageContaining("bilibili.open-live.access-key-secret");
                });
    }
}
