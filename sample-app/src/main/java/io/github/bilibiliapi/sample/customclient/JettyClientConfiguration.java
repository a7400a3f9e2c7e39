package io.github.bilibiliapi.sample.customclient;

import io.github.bilibiliapi.autoconfigure.BilibiliProperties;
import io.github.bilibiliapi.client.BiliApiClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Profile;

/**
 * Runs the sample on the Jetty backend (profile {@code custom-client}): the starter's auto-configuration backs off when
 * the application defines its own {@link BiliApiClient} bean, and everything else (the {@code BiliContext}, the
 * services, metrics) is built on this one.
 */
@Configuration(proxyBeanMethods = false)
@Profile("custom-client")
public class JettyClientConfiguration {

    /** Creates the configuration; called by Spring. */
    public JettyClientConfiguration() {
    }

    /**
     * The request client, from the {@code bilibili.request.*} settings (proxy, timeout, verify-ssl, trust-env).
     *
     * @param properties the starter's properties
     * @return the Jetty client, closed with the context
     */
    @Bean(destroyMethod = "close")
    public BiliApiClient biliApiClient(BilibiliProperties properties) {
        return JettyBiliApiClient.create(properties.getRequest().toClientSettings(), null);
    }
}
