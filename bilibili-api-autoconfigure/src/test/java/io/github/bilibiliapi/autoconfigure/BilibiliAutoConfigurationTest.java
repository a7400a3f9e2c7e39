package io.github.bilibiliapi.autoconfigure;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.api.BiliEvent;
import io.github.bilibiliapi.api.BiliEventListener;
import io.github.bilibiliapi.api.BiliEventType;
import io.github.bilibiliapi.api.RequestSettings;
import io.github.bilibiliapi.client.BiliApiClient;
import io.github.bilibiliapi.client.ClientSettings;
import io.github.bilibiliapi.client.okhttp.OkHttpBiliApiClient;
import io.github.bilibiliapi.dynamic.DynamicService;
import io.github.bilibiliapi.live.LiveService;
import io.github.bilibiliapi.test.FakeBilibiliServer;
import io.github.bilibiliapi.test.bilibili.FakeBilibiliState;
import io.github.bilibiliapi.user.UserInfo;
import io.github.bilibiliapi.user.UserService;
import io.github.bilibiliapi.video.VideoService;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The beans: client, context, services; the user's client bean winning; properties reaching the Api layer. */
class BilibiliAutoConfigurationTest {

    private static FakeBilibiliServer server;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(BilibiliAutoConfiguration.class,
                    BilibiliLiveAutoConfiguration.class));

    @BeforeAll
    static void startFake() {
        server = FakeBilibiliServer.start();
    }

    @AfterAll
    static void stopFake() {
        server.close();
    }

    @Test
    void withNoConfigurationTheClientIsOkHttpWithDefaultsAndTheApiBeansAreThere() {
        runner.run(context -> {
            assertThat(context).hasSingleBean(BiliApiClient.class);
            BiliApiClient client = context.getBean(BiliApiClient.class);
            assertThat(client).isInstanceOf(OkHttpBiliApiClient.class);
            assertThat(client.backendName()).isEqualTo("okhttp");
            assertThat(client.settings()).isEqualTo(ClientSettings.DEFAULTS);
            assertThat(context).hasSingleBean(BiliContext.class).hasSingleBean(UserService.class)
                    .hasSingleBean(VideoService.class).hasSingleBean(DynamicService.class)
                    .hasSingleBean(LiveService.class);
            BiliContext biliContext = context.getBean(BiliContext.class);
            assertThat(biliContext.client()).isSameAs(client);
            assertThat(biliContext.settings()).isEqualTo(RequestSettings.DEFAULTS);
            assertThat(biliContext.credential().cookies()).isEmpty();
        });
    }

    @Test
    void aUserClientBeanWinsAndNoneOfOursIsCreated() {
        runner.withUserConfiguration(UserClientConfiguration.class).run(context -> {
            assertThat(context).hasSingleBean(BiliApiClient.class);
            assertThat(context.getBean(BiliApiClient.class)).isSameAs(UserClientConfiguration.client);
            assertThat(context.getBean(BiliContext.class).client()).isSameAs(UserClientConfiguration.client);
            assertThat(context.getBeansOfType(BiliApiClient.class)).containsOnlyKeys("myClient");
        });
    }

    @Test
    void requestSettingsAndCredentialPropertiesReachTheContext() {
        runner.withPropertyValues("bilibili.request.wbi-retry-times=5", "bilibili.request.enable-auto-buvid=false",
                "bilibili.request.enable-bili-ticket=true", "bilibili.request.wbi-key-ttl=10m",
                "bilibili.request.user-agent=test-agent/1.0",
                "bilibili.request.host-redirect.base-url=" + server.httpBaseUrl(),
                "bilibili.request.host-redirect.hosts=api.bilibili.com,*.chat.bilibili.com",
                "bilibili.credential.sessdata=s%2Cd", "bilibili.credential.bili-jct=jct",
                "bilibili.credential.buvid3=b3", "bilibili.credential.buvid4=b4",
                "bilibili.credential.dedeuserid=42", "bilibili.credential.ac-time-value=act").run(context -> {
                    BiliContext biliContext = context.getBean(BiliContext.class);
                    RequestSettings s = biliContext.settings();
                    assertThat(s.wbiRetryTimes()).isEqualTo(5);
                    assertThat(s.enableAutoBuvid()).isFalse();
                    assertThat(s.enableBiliTicket()).isTrue();
                    assertThat(s.wbiKeyTtl()).isEqualTo(Duration.ofMinutes(10));
                    assertThat(s.userAgent()).isEqualTo("test-agent/1.0");
                    assertThat(s.hostRedirect().baseUrl()).contains(server.httpBaseUrl());
                    assertThat(s.hostRedirect().hosts()).containsExactly("api.bilibili.com", "*.chat.bilibili.com");
                    assertThat(biliContext.credential().sessdata()).isEqualTo("s%2Cd");
                    assertThat(biliContext.credential().biliJct()).isEqualTo("jct");
                    assertThat(biliContext.credential().buvid3()).isEqualTo("b3");
                    assertThat(biliContext.credential().buvid4()).isEqualTo("b4");
                    assertThat(biliContext.credential().dedeuserid()).isEqualTo("42");
                    assertThat(biliContext.credential().acTimeValue()).isEqualTo("act");
                });
    }

    @Test
    void theInjectedServicesCallTheFakeBilibiliThroughTheAutoConfiguredClient() {
        runner.withUserConfiguration(ListenerConfiguration.class)
                .withPropertyValues("bilibili.request.host-redirect.base-url=" + server.httpBaseUrl(),
                        "bilibili.credential.sessdata=" + FakeBilibiliState.DEFAULT_SESSDATA,
                        "bilibili.credential.bili-jct=" + FakeBilibiliState.DEFAULT_BILI_JCT)
                .run(context -> {
                    long before = server.totalRequests();
                    UserInfo info = context.getBean(UserService.class).getUserInfo(2).join();
                    assertThat(info.mid()).isEqualTo(2);
                    assertThat(server.totalRequests()).isGreaterThan(before);
                    List<BiliEvent> events = context.getBean(ListenerConfiguration.class).events;
                    assertThat(events).extracting(BiliEvent::type).contains(BiliEventType.API_REQUEST,
                            BiliEventType.API_RESPONSE);
                    assertThat(events.toString()).doesNotContain(FakeBilibiliState.DEFAULT_SESSDATA)
                            .doesNotContain(FakeBilibiliState.DEFAULT_BILI_JCT);
                });
    }

    @Test
    void contextBuilderCustomizersAreApplied() {
        runner.withBean(BiliContextBuilderCustomizer.class,
                () -> b -> b.settings(RequestSettings.builder().wbiRetryTimes(9).build()))
                .run(context -> assertThat(context.getBean(BiliContext.class).settings().wbiRetryTimes())
                        .isEqualTo(9));
    }

    @Configuration(proxyBeanMethods = false)
    static class UserClientConfiguration {

        static volatile BiliApiClient client;

        @Bean
        BiliApiClient myClient() {
            client = OkHttpBiliApiClient.create(ClientSettings.DEFAULTS.withTimeout(Duration.ofSeconds(7)), null);
            return client;
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class ListenerConfiguration {

        final List<BiliEvent> events = new CopyOnWriteArrayList<>();

        @Bean
        BiliEventListener recordingListener() {
            return events::add;
        }
    }
}
