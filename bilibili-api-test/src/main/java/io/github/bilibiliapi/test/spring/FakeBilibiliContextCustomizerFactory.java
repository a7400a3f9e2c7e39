package io.github.bilibiliapi.test.spring;

import io.github.bilibiliapi.test.FakeBilibiliServer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;
import org.springframework.test.context.TestContextAnnotationUtils;

/**
 * Registered in {@code META-INF/spring.factories}: for a test class carrying {@link AutoConfigureFakeBilibili}, starts
 * the fake when its application context is created, before any bean, so that the properties pointing at it are in
 * place when the bilibili client is built.
 */
final class FakeBilibiliContextCustomizerFactory implements ContextCustomizerFactory {

    /** Name of the property source holding the redirection (and the test account when logged in). */
    static final String PROPERTY_SOURCE = "fakeBilibili";

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass,
            List<ContextConfigurationAttributes> configAttributes) {
        AutoConfigureFakeBilibili annotation =
                TestContextAnnotationUtils.findMergedAnnotation(testClass, AutoConfigureFakeBilibili.class);
        return annotation == null ? null : new Customizer(annotation.loggedIn());
    }

    /** Equal for equal attributes, so that Spring's context cache shares contexts (and fakes) between test classes. */
    record Customizer(boolean loggedIn) implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            FakeBilibiliServer server = FakeBilibiliServer.start();
            FakeBilibili fake = new FakeBilibili(server);
            try {
                Map<String, Object> properties = new LinkedHashMap<>();
                properties.put("bilibili.request.host-redirect.base-url", server.httpBaseUrl());
                if (loggedIn) {
                    properties.put("bilibili.credential.sessdata", fake.account().sessdata());
                    properties.put("bilibili.credential.bili-jct", fake.account().biliJct());
                    properties.put("bilibili.credential.dedeuserid", Long.toString(fake.account().mid()));
                }
                context.getEnvironment().getPropertySources()
                        .addFirst(new MapPropertySource(PROPERTY_SOURCE, properties));
                context.getBeanFactory().registerSingleton("fakeBilibili", fake);
                context.addApplicationListener((ApplicationListener<ContextClosedEvent>) event -> {
                    if (event.getApplicationContext() == context) {
                        server.close();
                    }
                });
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
        }
    }
}
