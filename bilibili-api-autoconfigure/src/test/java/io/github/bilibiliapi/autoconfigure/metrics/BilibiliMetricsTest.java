package io.github.bilibiliapi.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.bilibiliapi.api.Api;
import io.github.bilibiliapi.api.ApiObserver;
import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.api.RiskControlException;
import io.github.bilibiliapi.autoconfigure.BilibiliAutoConfiguration;
import io.github.bilibiliapi.autoconfigure.TestBackends;
import io.github.bilibiliapi.client.BiliWsMessage;
import io.github.bilibiliapi.client.BiliWsMsgType;
import io.github.bilibiliapi.test.FakeBilibiliServer;
import io.github.bilibiliapi.test.bilibili.BilibiliErrors;
import io.github.bilibiliapi.video.VideoService;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.actuate.endpoint.MetricsEndpoint;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The {@code bilibili.client.requests} observation and the WebSocket meters, after real requests to the fake. */
class BilibiliMetricsTest {

    private static final Set<String> TAG_KEYS = Set.of("method", "uri", "status", "outcome", "exception",
            "client.name", "backend", "bili.code");

    private static FakeBilibiliServer server;

    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
                    MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                    CompositeMeterRegistryAutoConfiguration.class, BilibiliObservationAutoConfiguration.class,
                    BilibiliAutoConfiguration.class));

    @BeforeAll
    static void startFake() {
        server = FakeBilibiliServer.start();
    }

    @AfterAll
    static void stopFake() {
        server.close();
    }

    @AfterEach
    void clearScripts() {
        server.clearScripts();
    }

    private ApplicationContextRunner redirected() {
        return runner.withPropertyValues("bilibili.request.host-redirect.base-url=" + server.httpBaseUrl());
    }

    static Iterable<String> backends() {
        return TestBackends.all();
    }

    @ParameterizedTest
    @MethodSource("backends")
    void everyRequestIsATimerWithExactlyTheDocumentedTags(String backend) {
        redirected().withPropertyValues("bilibili.request.backend=" + backend).run(context -> {
            context.getBean(VideoService.class).getVideoInfo(170001).join();
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            Timer timer = registry.find("bilibili.client.requests").tag("uri", "/x/web-interface/view").timer();
            assertThat(timer).isNotNull();
            assertThat(timer.count()).isEqualTo(1);
            Map<String, String> tags = tags(timer);
            // our convention's keys plus the "error" tag Micrometer's DefaultMeterObservationHandler adds to timers
            assertThat(tags.keySet()).containsExactlyInAnyOrderElementsOf(with(TAG_KEYS, "error"));
            assertThat(tags).containsEntry("method", "GET").containsEntry("status", "200")
                    .containsEntry("outcome", "SUCCESS").containsEntry("exception", "none")
                    .containsEntry("client.name", "127.0.0.1").containsEntry("backend", backend)
                    .containsEntry("bili.code", "0").containsEntry("error", "none");
            // the long task timer exists (and is idle now)
            assertThat(registry.find("bilibili.client.requests.active").longTaskTimer()).isNotNull();
            // the Api layer's own nav/spi/activation calls are observed too, and no query ever reaches a tag
            assertThat(registry.find("bilibili.client.requests").timers()).allSatisfy(t -> {
                assertThat(t.getId().getTag("uri")).doesNotContain("?");
                assertThat(t.getId().getTags().stream().map(Tag::getKey)).containsExactlyInAnyOrderElementsOf(
                        with(TAG_KEYS, "error"));
            });
            // what /actuator/metrics/bilibili.client.requests shows
            MetricsEndpoint.MetricDescriptor descriptor = new MetricsEndpoint(registry)
                    .metric("bilibili.client.requests", null);
            assertThat(descriptor).isNotNull();
            assertThat(descriptor.getAvailableTags()).extracting(MetricsEndpoint.AvailableTag::getTag)
                    .containsAll(TAG_KEYS);
        });
    }

    @Test
    void riskControlAnsweredWithHttp200IsVisibleInBiliCode() {
        redirected().run(context -> {
            server.script("/x/web-interface/view", BilibiliErrors.fault(-352));
            assertThatThrownBy(() -> context.getBean(VideoService.class).getVideoInfo(170001).join())
                    .isInstanceOf(CompletionException.class).hasCauseInstanceOf(RiskControlException.class);
            Timer timer = context.getBean(MeterRegistry.class).find("bilibili.client.requests")
                    .tag("uri", "/x/web-interface/view").timer();
            assertThat(timer).isNotNull();
            assertThat(tags(timer)).containsEntry("status", "200").containsEntry("outcome", "SUCCESS")
                    .containsEntry("bili.code", "-352").containsEntry("exception", "RiskControlException");
        });
    }

    @Test
    void aFailedConnectionIsAnIoError() {
        runner.run(context -> {
            BiliContext biliContext = context.getBean(BiliContext.class);
            assertThatThrownBy(() -> biliContext.execute(Api.get("http://127.0.0.1:1/refused").build()).join())
                    .isInstanceOf(CompletionException.class);
            Timer timer = context.getBean(MeterRegistry.class).find("bilibili.client.requests")
                    .tag("uri", "/refused").timer();
            assertThat(timer).isNotNull();
            assertThat(tags(timer)).containsEntry("status", "IO_ERROR").containsEntry("outcome", "UNKNOWN")
                    .containsEntry("bili.code", "none");
            assertThat(tags(timer).get("exception")).isNotEqualTo("none");
        });
    }

    @Test
    void distinctUriTagsAreCapped() {
        runner.withPropertyValues("bilibili.metrics.max-uri-tags=2").run(context -> {
            BiliContext biliContext = context.getBean(BiliContext.class);
            for (String path : new String[] {"/test/json", "/test/status/200", "/test/status/201", "/test/echo"}) {
                biliContext.execute(Api.get(server.httpBaseUrl() + path).ignoreCode(true).build())
                        .handle((r, e) -> null).join();
            }
            Set<String> uris = context.getBean(MeterRegistry.class).find("bilibili.client.requests").timers().stream()
                    .map(t -> t.getId().getTag("uri")).collect(Collectors.toSet());
            assertThat(uris).hasSize(2);
        });
    }

    @Test
    void aConventionBeanReplacesTheDefault() {
        redirected().withBean(BilibiliClientObservationConvention.class, () -> new DefaultBilibiliClientObservationConvention() {
            @Override
            protected KeyValue clientName(io.github.bilibiliapi.api.ApiCallInfo info) {
                return KeyValue.of("client.name", "masked");
            }
        }).run(context -> {
            context.getBean(VideoService.class).getVideoInfo(170001).join();
            assertThat(context.getBean(MeterRegistry.class).find("bilibili.client.requests").timers())
                    .isNotEmpty().allSatisfy(t -> assertThat(t.getId().getTag("client.name")).isEqualTo("masked"));
        });
    }

    @Test
    void metricsCanBeTurnedOff() {
        redirected().withPropertyValues("bilibili.metrics.enabled=false").run(context -> {
            assertThat(context).doesNotHaveBean(ObservationApiObserver.class)
                    .doesNotHaveBean(BilibiliWebSocketMetrics.class);
            context.getBean(VideoService.class).getVideoInfo(170001).join();
            assertThat(context.getBean(MeterRegistry.class).find("bilibili.client.requests").meters()).isEmpty();
        });
    }

    @Test
    void aMeterRegistryAloneIsEnough() {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(BilibiliObservationAutoConfiguration.class,
                        BilibiliAutoConfiguration.class))
                .withBean(SimpleMeterRegistry.class)
                .withPropertyValues("bilibili.request.host-redirect.base-url=" + server.httpBaseUrl())
                .run(context -> {
                    assertThat(context).hasSingleBean(ObservationApiObserver.class);
                    context.getBean(VideoService.class).getVideoInfo(170001).join();
                    Timer timer = context.getBean(MeterRegistry.class).find("bilibili.client.requests")
                            .tag("uri", "/x/web-interface/view").timer();
                    assertThat(timer).isNotNull();
                    assertThat(tags(timer)).containsEntry("bili.code", "0");
                });
    }

    @Test
    void anApplicationObserverBeanIsToldToo() {
        java.util.List<String> paths = new java.util.concurrent.CopyOnWriteArrayList<>();
        redirected().withBean("mine", ApiObserver.class, () -> info -> {
            paths.add(info.path());
            return outcome -> { };
        }).run(context -> {
            context.getBean(VideoService.class).getVideoInfo(170001).join();
            assertThat(paths).contains("/x/web-interface/view");
            assertThat(context.getBean(MeterRegistry.class).find("bilibili.client.requests").timers()).isNotEmpty();
        });
    }

    @ParameterizedTest
    @MethodSource("backends")
    void webSocketMetersCountConnectionsAndMessages(String backend) {
        runner.withPropertyValues("bilibili.request.backend=" + backend).run(context -> {
            BiliContext biliContext = context.getBean(BiliContext.class);
            MeterRegistry registry = context.getBean(MeterRegistry.class);
            int handle = biliContext.wsCreate(server.wsBaseUrl() + "/test/ws/echo", Map.of(), Map.of()).join();
            assertThat(registry.get(BilibiliWebSocketMetrics.CONNECTIONS).gauge().value()).isEqualTo(1.0);
            biliContext.wsSend(handle, "hello".getBytes(StandardCharsets.UTF_8)).join();
            BiliWsMessage echoed = biliContext.wsRecv(handle).get(10, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(echoed.type()).isEqualTo(BiliWsMsgType.BINARY);
            biliContext.wsClose(handle).join();
            assertThat(registry.get(BilibiliWebSocketMetrics.CONNECTIONS).gauge().value()).isZero();
            assertThat(registry.get(BilibiliWebSocketMetrics.MESSAGES).tags("direction", "sent", "type", "binary")
                    .counter().count()).isEqualTo(1.0);
            assertThat(registry.get(BilibiliWebSocketMetrics.MESSAGES).tags("direction", "received", "type", "binary")
                    .counter().count()).isEqualTo(1.0);
        });
    }

    private static Map<String, String> tags(Meter meter) {
        return meter.getId().getTags().stream()
                .collect(Collectors.toMap(Tag::getKey, Tag::getValue, (a, b) -> a, TreeMap::new));
    }

    private static Set<String> with(Set<String> keys, String extra) {
        java.util.Set<String> all = new java.util.HashSet<>(keys);
        all.add(extra);
        return all;
    }
}
