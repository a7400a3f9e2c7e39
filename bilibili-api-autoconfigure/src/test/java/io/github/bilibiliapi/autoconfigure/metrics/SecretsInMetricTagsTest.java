package io.github.bilibiliapi.autoconfigure.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bilibiliapi.api.BiliContext;
import io.github.bilibiliapi.autoconfigure.BilibiliAutoConfiguration;
import io.github.bilibiliapi.autoconfigure.TestBackends;
import io.github.bilibiliapi.test.FakeBilibiliServer;
import io.github.bilibiliapi.test.Fault;
import io.github.bilibiliapi.test.bilibili.BilibiliErrors;
import io.github.bilibiliapi.test.bilibili.BilibiliModule;
import io.github.bilibiliapi.user.UserService;
import io.github.bilibiliapi.video.VideoService;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Part of the reliability suite (docs/reliability.md): with a recognisable SESSDATA and bili_jct configured, successful
 * and failing requests (HTTP and WebSocket, bili_ticket on) on every backend leave no secret in any meter's name or
 * tag.
 */
class SecretsInMetricTagsTest {

    static final String SESSDATA = "metricsess0sessdata%2C1999999999%2Cbeef";
    static final String BILI_JCT = "metricjct0beef0beef0beef0beef000";
    static final List<String> FRAGMENTS = List.of("metricsess0sessdata", "metricjct0beef");

    private static FakeBilibiliServer server;

    @BeforeAll
    static void startFake() {
        server = FakeBilibiliServer.start();
        server.module(BilibiliModule.class).state().addAccount(SESSDATA, BILI_JCT, 4242);
    }

    @AfterAll
    static void stopFake() {
        server.close();
    }

    static Iterable<String> backends() {
        return TestBackends.all();
    }

    private static void attempt(CompletableFuture<?> call) {
        try {
            call.get(30, TimeUnit.SECONDS);
        } catch (Exception expectedSometimes) {
            // failures are part of the scenario; their tags are what is checked
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void noSecretInAnyMeterTag(String backend) {
        new ApplicationContextRunner()
                .withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class,
                        MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
                        CompositeMeterRegistryAutoConfiguration.class, BilibiliObservationAutoConfiguration.class,
                        BilibiliAutoConfiguration.class))
                .withPropertyValues("bilibili.request.host-redirect.base-url=" + server.httpBaseUrl(),
                        "bilibili.request.backend=" + backend, "bilibili.request.enable-bili-ticket=true",
                        "bilibili.credential.sessdata=" + SESSDATA, "bilibili.credential.bili-jct=" + BILI_JCT,
                        "bilibili.request.timeout=2s")
                .run(context -> {
                    attempt(context.getBean(VideoService.class).getVideoInfo(170001));
                    attempt(context.getBean(UserService.class).getUserInfo(2));
                    for (Fault fault : List.of(BilibiliErrors.fault(-412), BilibiliErrors.fault(-101),
                            Fault.resetMidBody(1000, 10), Fault.respond(503))) {
                        server.script("/x/space/wbi/acc/info", fault);
                        attempt(context.getBean(UserService.class).getUserInfo(3));
                    }
                    BiliContext bili = context.getBean(BiliContext.class);
                    int handle = bili.wsCreate(server.wsBaseUrl() + "/test/ws/echo", Map.of(), Map.of())
                            .get(30, TimeUnit.SECONDS);
                    bili.wsSend(handle, new byte[] {1}).get(30, TimeUnit.SECONDS);
                    bili.wsRecv(handle).get(30, TimeUnit.SECONDS);
                    bili.wsClose(handle).get(30, TimeUnit.SECONDS);
                    attempt(bili.wsCreate(server.wsBaseUrl() + "/nowhere", Map.of(), Map.of()));

                    assertThat(server.lastRequest("/x/space/wbi/acc/info").cookies())
                            .containsEntry("SESSDATA", SESSDATA);
                    MeterRegistry registry = context.getBean(MeterRegistry.class);
                    List<String> texts = new ArrayList<>();
                    for (Meter meter : registry.getMeters()) {
                        StringBuilder text = new StringBuilder(meter.getId().getName());
                        for (Tag tag : meter.getId().getTags()) {
                            text.append(' ').append(tag.getKey()).append('=').append(tag.getValue());
                        }
                        texts.add(text.toString());
                    }
                    assertThat(texts).as("meters").anyMatch(t -> t.startsWith("bilibili.client.requests"));
                    assertThat(texts).as("meter names and tags").noneMatch(t -> FRAGMENTS.stream()
                            .anyMatch(f -> t.toLowerCase(Locale.ROOT).contains(f)));
                });
    }
}
