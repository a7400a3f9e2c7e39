package io.github.bilibiliapi.sample.offline;

import io.github.bilibiliapi.test.FakeBilibiliServer;
import io.github.bilibiliapi.test.bilibili.FakeBilibiliState;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.Profiles;

/**
 * The {@code offline} profile: starts the fake bilibili in-process on a free loopback port <em>before</em> the
 * application context is created, and points the starter at it with ordinary properties
 * ({@code bilibili.request.host-redirect.base-url} and the fake's test account as {@code bilibili.credential.*}).
 * Nothing else in the app knows it is offline. The fake is registered as a bean (for the demo ticker) and closed with
 * the context.
 */
public final class OfflineBilibili implements EnvironmentPostProcessor, Ordered {

    /** The profile that turns offline mode on. */
    public static final String PROFILE = "offline";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.acceptsProfiles(Profiles.of(PROFILE))
                || environment.getPropertySources().contains("offlineBilibili")) {
            return;
        }
        FakeBilibiliServer fake = FakeBilibiliServer.start();
        Map<String, Object> props = new LinkedHashMap<>();
        props.put("bilibili.request.host-redirect.base-url", fake.httpBaseUrl());
        props.put("bilibili.credential.sessdata", FakeBilibiliState.DEFAULT_SESSDATA);
        props.put("bilibili.credential.bili-jct", FakeBilibiliState.DEFAULT_BILI_JCT);
        props.put("bilibili.credential.dedeuserid", Long.toString(FakeBilibiliState.DEFAULT_MID));
        props.put("sample.offline.fake-url", fake.httpBaseUrl());
        // the fake's passport has its own RSA key pair: the cookie refresh must encrypt with it
        props.put("bilibili.credential.refresh.public-key", fake.module(
                io.github.bilibiliapi.test.bilibili.PassportModule.class).passport().publicKeyPem());
        environment.getPropertySources().addFirst(new MapPropertySource("offlineBilibili", props));
        application.addInitializers((ConfigurableApplicationContext context) -> {
            context.getBeanFactory().registerSingleton("fakeBilibiliServer", fake);
            context.addApplicationListener((ApplicationListener<ContextClosedEvent>) event -> {
                if (event.getApplicationContext() == context) {
                    fake.close();
                }
            });
        });
    }

    @Override
    public int getOrder() {
        // after ConfigDataEnvironmentPostProcessor, so that profiles from application.yml and the command line count
        return Ordered.LOWEST_PRECEDENCE;
    }
}
